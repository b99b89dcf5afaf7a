// A small Dockerfile reader for the image's structural tests: instructions with their flags and exec-form
// arguments, grouped into build stages. It follows the Dockerfile reference for what our Dockerfile uses (parser
// directives, the escape character, comment lines, line continuations, JSON exec form); heredocs are not
// supported and are reported, so the tests never silently misread a Dockerfile that starts to use them.

export interface InstructionFlag {
  name: string;
  value: string;
}

export interface DockerInstruction {
  /** Upper-cased keyword: FROM, RUN, COPY, HEALTHCHECK… */
  keyword: string;
  /** Leading `--name=value` options (COPY --from, RUN --mount, HEALTHCHECK --interval…), in order. */
  flags: InstructionFlag[];
  /** Everything after the flags, continuation lines joined with a space. */
  args: string;
  /** The arguments as a JSON array when written in exec form, otherwise undefined (shell form). */
  execForm: string[] | undefined;
  /** 1-based line where the instruction starts. */
  line: number;
}

export interface DockerStage {
  index: number;
  name: string | undefined;
  /** The image reference after FROM, e.g. `node:24-slim`. */
  base: string;
  instructions: DockerInstruction[];
}

export interface ParsedDockerfile {
  directives: Record<string, string>;
  /** ARGs declared before the first FROM. */
  globalInstructions: DockerInstruction[];
  stages: DockerStage[];
}

const directivePattern = /^#\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*=\s*(.*?)\s*$/;

export function parseDockerfile(text: string): ParsedDockerfile {
  const lines = text.split(/\r?\n/);
  const directives = readDirectives(lines);
  const escape = directives.escape ?? "\\";
  if (escape !== "\\" && escape !== "`") throw new Error(`unsupported escape directive ${JSON.stringify(escape)}`);

  const instructions: DockerInstruction[] = [];
  let pending: { text: string; line: number } | undefined;
  lines.forEach((raw, index) => {
    const trimmed = raw.trim();
    // Comment lines are dropped even inside a continuation, and blank lines inside one do not end it.
    if (trimmed.startsWith("#") || trimmed === "") return;
    const continues = trimmed.endsWith(escape);
    const content = continues ? trimmed.slice(0, -escape.length).trim() : trimmed;
    pending =
      pending === undefined
        ? { text: content, line: index + 1 }
        : { ...pending, text: `${pending.text} ${content}`.trim() };
    if (!continues) {
      instructions.push(toInstruction(pending.text, pending.line));
      pending = undefined;
    }
  });
  if (pending !== undefined) throw new Error(`line ${pending.line}: the file ends inside a line continuation`);

  return { directives, ...groupStages(instructions) };
}

function readDirectives(lines: string[]): Record<string, string> {
  const directives: Record<string, string> = {};
  for (const line of lines) {
    const match = directivePattern.exec(line);
    // Directives are only recognised before the first comment, blank line or instruction.
    if (!match) break;
    directives[match[1]!.toLowerCase()] = match[2]!;
  }
  return directives;
}

function toInstruction(text: string, line: number): DockerInstruction {
  const keywordMatch = /^(\S+)\s*(.*)$/.exec(text);
  if (!keywordMatch) throw new Error(`line ${line}: cannot read an instruction from ${JSON.stringify(text)}`);
  const keyword = keywordMatch[1]!.toUpperCase();
  let rest = keywordMatch[2]!;
  if (/<<-?["']?[A-Za-z_]/.test(rest) && (keyword === "RUN" || keyword === "COPY")) {
    throw new Error(`line ${line}: heredocs are not supported by this parser`);
  }
  const flags: InstructionFlag[] = [];
  for (
    let flag = /^--([a-z][a-z0-9-]*)(?:=(\S*))?\s*/.exec(rest);
    flag;
    flag = /^--([a-z][a-z0-9-]*)(?:=(\S*))?\s*/.exec(rest)
  ) {
    flags.push({ name: flag[1]!, value: flag[2] ?? "" });
    rest = rest.slice(flag[0].length);
  }
  return { keyword, flags, args: rest, execForm: readExecForm(rest), line };
}

/** Exec form is a JSON array of strings; anything else (including invalid JSON) is shell form, as in Docker. */
export function readExecForm(args: string): string[] | undefined {
  if (!args.startsWith("[")) return undefined;
  try {
    const value: unknown = JSON.parse(args);
    return Array.isArray(value) && value.every((item) => typeof item === "string") ? value : undefined;
  } catch {
    return undefined;
  }
}

function groupStages(instructions: DockerInstruction[]): Omit<ParsedDockerfile, "directives"> {
  const globalInstructions: DockerInstruction[] = [];
  const stages: DockerStage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === "FROM") {
      const [base, as, name] = instruction.args.split(/\s+/);
      if (!base || (as !== undefined && (as.toUpperCase() !== "AS" || !name))) {
        throw new Error(`line ${instruction.line}: malformed FROM ${JSON.stringify(instruction.args)}`);
      }
      stages.push({ index: stages.length, name: name?.toLowerCase(), base, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== "ARG")
        throw new Error(`line ${instruction.line}: ${instruction.keyword} before the first FROM`);
      globalInstructions.push(instruction);
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  if (stages.length === 0) throw new Error("no FROM instruction");
  return { globalInstructions, stages };
}

/** The stage's instructions with a given keyword, in order. */
export function instructionsOf(stage: DockerStage, keyword: string): DockerInstruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}

export function flagValue(instruction: DockerInstruction, name: string): string | undefined {
  return instruction.flags.find((flag) => flag.name === name)?.value;
}

/** ENV instructions folded into one record, later values winning (only the `KEY=value` form is read). */
export function stageEnvironment(stage: DockerStage): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const instruction of instructionsOf(stage, "ENV")) {
    for (const pair of instruction.args.match(/[A-Za-z_][A-Za-z0-9_]*=(?:"[^"]*"|\S*)/g) ?? []) {
      const separator = pair.indexOf("=");
      environment[pair.slice(0, separator)] = pair.slice(separator + 1).replace(/^"(.*)"$/, "$1");
    }
  }
  return environment;
}
