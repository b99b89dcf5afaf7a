// The OpenAPI document, linted as published: Spectral with its OpenAPI rules and the OWASP API security rules
// (test/docs/openapi-ruleset.ts). Errors fail the test; warnings are printed so they stay visible.
import { Document, Spectral } from "@stoplight/spectral-core";
import { Json } from "@stoplight/spectral-parsers";
import { describe, expect, it } from "vitest";
import { currentOpenApiDocument } from "../../app/openapi-command.js";
import { openApiRuleset } from "./openapi-ruleset.js";

const severities = ["error", "warn", "info", "hint"];

async function lint(text: string) {
  const spectral = new Spectral();
  spectral.setRuleset(openApiRuleset);
  const results = await spectral.run(new Document(text, Json, "openapi.json"));
  return results.map((result) => ({
    severity: severities[result.severity] ?? String(result.severity),
    rule: String(result.code),
    where: result.path.join("."),
    message: result.message,
  }));
}

describe("the OpenAPI document under Spectral and the OWASP API security rules", () => {
  it("has no errors", async () => {
    const results = await lint(JSON.stringify(currentOpenApiDocument(), null, 2));
    const others = results.filter((result) => result.severity !== "error");
    if (others.length > 0)
      console.log(others.map((r) => `${r.severity} ${r.rule} ${r.where}: ${r.message}`).join("\n"));
    expect(results.filter((result) => result.severity === "error")).toEqual([]);
  }, 60_000);

  it("reports an error on a document that breaks the rules (the lint can fail)", async () => {
    const broken = currentOpenApiDocument() as unknown as { servers: { url: string }[] };
    broken.servers = [{ url: "http://api.example.com" }];
    const results = await lint(JSON.stringify(broken));
    expect(results.filter((result) => result.severity === "error").map((result) => result.rule)).toContain(
      "owasp:api8:2023-no-server-http",
    );
  }, 60_000);
});
