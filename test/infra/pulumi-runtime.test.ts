// The program runs under Pulumi's own Node.js runner as Pulumi.yaml configures it (the flags the language host
// passes: `runtime.options.nodeargs`, `typescript`, `main`), against a gRPC resource monitor answering from the
// harness's mocks. This is what `pulumi up` does minus the CLI and the cloud.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startGrpcMonitor, type GrpcMonitor } from "./harness/grpc-monitor.js";
import { recordedStack } from "./harness/recorded-stacks.js";
import { imageRevisionVariable } from "../../infra/config.js";
import { loadStackConfig, repoRoot, testImageRevision } from "./harness/stack-harness.js";

interface ProjectFile {
  name: string;
  main: string;
  runtime: { name: string; options: { typescript: boolean; nodeargs: string } };
}

const project = parse(readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8")) as ProjectFile;
const runner = createRequire(import.meta.url).resolve("@pulumi/pulumi/cmd/run/index.js");

function runProgram(
  monitor: GrpcMonitor,
  nodeArgs: string[],
  stack = "staging",
): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      runner,
      `--monitor=${monitor.address}`,
      `--project=${project.name}`,
      `--stack=${stack}`,
      "--dry-run=false",
      project.main,
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        PULUMI_NODEJS_TYPESCRIPT: String(project.runtime.options.typescript),
        PULUMI_CONFIG: JSON.stringify(loadStackConfig(stack)),
        [imageRevisionVariable]: testImageRevision,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
}

describe("the program under Pulumi's Node.js runner", () => {
  let monitor: GrpcMonitor;
  beforeAll(async () => {
    monitor = await startGrpcMonitor({ region: "eu-west-1", zoneCount: 3 });
  });
  afterAll(() => monitor.close());

  it("is configured as an ESM TypeScript program loaded through tsx", () => {
    expect(project).toMatchObject({
      name: "rusty-saas",
      main: "infra/index.ts",
      runtime: { name: "nodejs", options: { typescript: false, nodeargs: "--import tsx" } },
    });
  });

  it("runs to completion with the project's node flags and registers what the in-process run records", async () => {
    const { code, output } = await runProgram(monitor, project.runtime.options.nodeargs.split(" "));
    expect(code, output).toBe(0);
    const registered = monitor.registered
      .filter((r) => r.type !== "pulumi:pulumi:Stack")
      .map((r) => `${r.type} ${r.name}`)
      .sort();
    const recorded = (await recordedStack("staging")).resources.map((r) => `${r.type} ${r.name}`).sort();
    expect(registered).toEqual(recorded);
  }, 60_000);

  it("runs the docker target (Pulumi.local.yaml) to completion the same way", async () => {
    const local = await startGrpcMonitor({ region: "eu-west-1", zoneCount: 3 });
    try {
      const { code, output } = await runProgram(local, project.runtime.options.nodeargs.split(" "), "local");
      expect(code, output).toBe(0);
      const registered = local.registered
        .filter((r) => r.type !== "pulumi:pulumi:Stack")
        .map((r) => `${r.type} ${r.name}`)
        .sort();
      const recorded = (await recordedStack("local")).resources.map((r) => `${r.type} ${r.name}`).sort();
      expect(registered).toEqual(recorded);
    } finally {
      await local.close();
    }
  }, 60_000);

  it("cannot even load without them (so the flags are what makes it work)", async () => {
    const { code, output } = await runProgram(monitor, []);
    expect(code).not.toBe(0);
    // Node 20 knows no .ts; Node 22.18+/24 strip types but neither map `.js` imports to `.ts` files nor accept
    // parameter properties, so they fail too, with other codes.
    expect(output).toMatch(
      /ERR_UNKNOWN_FILE_EXTENSION|ERR_MODULE_NOT_FOUND|ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX|Cannot find module/,
    );
  }, 60_000);
});
