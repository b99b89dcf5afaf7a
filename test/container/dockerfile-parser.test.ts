import { describe, expect, it } from "vitest";
import { parseDockerfile, stageEnvironment } from "./dockerfile-parser.js";
import { parseDockerignore } from "./dockerignore-matcher.js";

describe("dockerfile parser", () => {
  it("joins continuation lines, drops comment lines inside them and keeps flags apart from arguments", () => {
    const parsed = parseDockerfile(
      [
        "FROM node:24-slim AS build",
        "RUN --mount=type=cache,target=/root/.npm \\",
        "    # a comment inside",
        "",
        "    npm ci \\",
        "    --omit=dev",
      ].join("\n"),
    );
    const run = parsed.stages[0]!.instructions[0]!;
    expect(run).toMatchObject({ keyword: "RUN", args: "npm ci --omit=dev", line: 2 });
    expect(run.flags).toEqual([{ name: "mount", value: "type=cache,target=/root/.npm" }]);
  });

  it("reads exec form as a JSON array and treats anything else as shell form", () => {
    const parsed = parseDockerfile('FROM scratch\nCMD ["node", "main.js"]\nENTRYPOINT [node main.js]');
    const [cmd, entrypoint] = parsed.stages[0]!.instructions;
    expect(cmd!.execForm).toEqual(["node", "main.js"]);
    expect(entrypoint!.execForm).toBeUndefined();
  });

  it("honours the escape directive and names stages case-insensitively", () => {
    const parsed = parseDockerfile('# escape=`\nFROM node:24-slim as Runtime\nENV A=1 `\n    B="two"');
    expect(parsed.directives).toEqual({ escape: "`" });
    expect(parsed.stages[0]!.name).toBe("runtime");
    expect(stageEnvironment(parsed.stages[0]!)).toEqual({ A: "1", B: "two" });
  });

  it("refuses heredocs and instructions before the first FROM rather than misreading them", () => {
    expect(() => parseDockerfile("FROM scratch\nRUN <<EOF\necho hi\nEOF")).toThrow(/heredoc/);
    expect(() => parseDockerfile("RUN true\nFROM scratch")).toThrow(/before the first FROM/);
  });
});

describe("dockerignore matcher", () => {
  const matcher = parseDockerignore("# comment\n**/node_modules\n.env*\ndocs\n!docs/keep.md\n*.md\n");

  it("excludes a matched directory with everything under it, at any depth for **", () => {
    expect(matcher.excludes("node_modules/pg/index.js")).toBe(true);
    expect(matcher.excludes("app/node_modules/x")).toBe(true);
    expect(matcher.excludes("docs/a/b.txt")).toBe(true);
  });

  it("keeps single-star patterns inside one segment and lets the last matching line win", () => {
    expect(matcher.excludes(".env.production")).toBe(true);
    expect(matcher.excludes("README.md")).toBe(true);
    expect(matcher.excludes("app/README.md")).toBe(false);
    expect(matcher.excludes("docs/keep.md")).toBe(false);
    expect(matcher.excludes("app/main.ts")).toBe(false);
  });
});
