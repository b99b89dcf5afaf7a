// The README's settings table, rendered from the declarations in config-schema.ts: what each variable accepts
// (read off its schema), its default, whether it is secret and its `_FILE` form, and what it means. A test holds
// the README's table to these rows both ways.
import { z } from "zod";
import { fileFormOf, settings, type Setting, type SettingName } from "./config-schema.js";

export const settingsTableHeader = ["variable", "accepts", "default", "secret", "`_FILE` form", "meaning"] as const;

export type SettingsRow = Record<(typeof settingsTableHeader)[number], string>;

export function settingsTableRows(): SettingsRow[] {
  return (Object.entries(settings) as [SettingName, Setting][]).map(([name, setting]) => ({
    variable: `\`${name}\``,
    accepts: accepts(setting.schema),
    default: setting.default === undefined ? "—" : setting.default === "" ? "(empty)" : `\`${setting.default}\``,
    secret: setting.secret ? "yes" : "no",
    "`_FILE` form": fileFormOf(name) ? `\`${fileFormOf(name)}\`` : "—",
    meaning: setting.description,
  }));
}

export function renderSettingsTable(): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [
    line(settingsTableHeader),
    line(settingsTableHeader.map(() => "---")),
    ...settingsTableRows().map((row) => line(settingsTableHeader.map((column) => row[column]))),
  ].join("\n");
}

interface InputSchema {
  type?: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  format?: string;
}

/** A short reading of what the raw variable may hold, from the schema that parses it. */
function accepts(schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as InputSchema;
  if (json.enum) return json.enum.join(", ");
  if (json.type === "integer") return `integer ${json.minimum}–${json.maximum}`;
  if (json.format === "uri") return "URL";
  if ((json.minLength ?? 0) > 1) return `text of ${json.minLength}+ characters`;
  return "text";
}
