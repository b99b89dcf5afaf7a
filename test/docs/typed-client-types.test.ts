// The typed client's types are the OpenAPI document's: the committed clients/typescript/api-types.ts must be exactly
// what openapi-typescript generates from the document today.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generatedTypes, typesFile } from "../../clients/typescript/generate-types.js";

describe("the typed client's generated types", () => {
  it("match the current OpenAPI document (regenerate: npx tsx clients/typescript/generate-types.ts)", async () => {
    const committed = readFileSync(typesFile, "utf8");
    const fresh = await generatedTypes();
    expect(fresh).toContain('"/api/v1/cases/{caseId}"');
    expect(committed === fresh, "clients/typescript/api-types.ts is stale").toBe(true);
  }, 60_000);
});
