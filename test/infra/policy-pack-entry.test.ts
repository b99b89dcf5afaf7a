// The pack entry loads the way `pulumi preview --policy-pack infra/policy/pack` loads it: through the SDK's own
// policy runner (which registers its vendored ts-node first) until the pack serves and prints its gRPC port.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { repoRoot } from "./harness/stack-harness.js";

const runnerScript = `
const { run } = require("@pulumi/pulumi/cmd/run-policy-pack/run.js");
run({ argv: { _: [process.argv[1]] }, typeScript: true, programStarted: () => {}, reportLoggedError: (error) => { console.error(String(error)); process.exit(1); } });
`;

it("loads under Pulumi's policy runner and serves the pack", async () => {
  const child = spawn(process.execPath, ["-e", runnerScript, path.join(repoRoot, "infra/policy/pack")], {
    cwd: path.join(repoRoot, "infra/policy/pack"),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no port printed within 20 s\n${stdout}\n${stderr}`)), 20_000);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^(\d+)\s*$/m.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`policy pack exited with ${String(code)}\n${stdout}\n${stderr}`)));
  }).finally(() => child.kill());
  expect(Number(port)).toBeGreaterThan(0);
});

it("pins the pack's own dependencies to the root's versions", () => {
  const read = (file: string) =>
    JSON.parse(readFileSync(path.join(repoRoot, file), "utf8")) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
  const root = read("package.json");
  const pack = read("infra/policy/pack/package.json");
  for (const [name, version] of Object.entries(pack.dependencies ?? {}))
    expect(version, name).toBe(root.devDependencies?.[name] ?? root.dependencies?.[name]);
  expect(Object.keys(pack.dependencies ?? {}).sort()).toEqual(["@pulumi/policy", "@pulumi/pulumi", "tsx"]);
});
