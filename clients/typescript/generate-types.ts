// Regenerates api-types.ts from the OpenAPI document the app serves (app/openapi-command.ts), with
// openapi-typescript, formatted by the repository's prettier settings:
//   npx tsx clients/typescript/generate-types.ts
// test/docs/typed-client-types.test.ts fails when the committed file differs from what this would write.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import prettier from "prettier";
import { currentOpenApiDocument } from "../../app/openapi-command.js";

export const typesFile = fileURLToPath(new URL("./api-types.ts", import.meta.url));

const banner = `// Generated from the Rusty SaaS OpenAPI document by openapi-typescript: do not edit.
// Regenerate with \`npx tsx clients/typescript/generate-types.ts\` after changing a route or a schema.
`;

export async function generatedTypes(): Promise<string> {
  const ast = await openapiTS(currentOpenApiDocument() as never, { alphabetize: true });
  const options = (await prettier.resolveConfig(typesFile)) ?? {};
  return prettier.format(banner + astToString(ast), { ...options, parser: "typescript" });
}

if (import.meta.url === `file://${process.argv[1]}`) writeFileSync(typesFile, await generatedTypes());
