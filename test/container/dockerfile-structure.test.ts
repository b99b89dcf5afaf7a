// The image's shape, read from the Dockerfile itself: no Docker engine runs here (runbooks/decisions/0002).
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { flagValue, instructionsOf, parseDockerfile, stageEnvironment, type DockerStage } from "./dockerfile-parser.js";
import { parseDockerignore } from "./dockerignore-matcher.js";

const repositoryRoot = path.resolve(import.meta.dirname, "../..");
const dockerfile = parseDockerfile(readFileSync(path.join(repositoryRoot, "Dockerfile"), "utf8"));
const dockerignore = parseDockerignore(readFileSync(path.join(repositoryRoot, ".dockerignore"), "utf8"));
const finalStage = dockerfile.stages.at(-1)!;
const packageJson = JSON.parse(readFileSync(path.join(repositoryRoot, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
};

function stageNamed(name: string): DockerStage {
  const stage = dockerfile.stages.find(
    (candidate) => candidate.name === name.toLowerCase() || String(candidate.index) === name,
  );
  if (!stage) throw new Error(`COPY --from=${name} names no stage of the Dockerfile`);
  return stage;
}

function runCommands(stage: DockerStage): string[] {
  return instructionsOf(stage, "RUN").map((instruction) => instruction.args);
}

function lineOf(stage: DockerStage, keyword: string): number {
  const found = instructionsOf(stage, keyword).at(-1);
  if (!found) throw new Error(`the final stage has no ${keyword}`);
  return found.line;
}

describe("Dockerfile structure", () => {
  it("builds in separate stages and ships from node 24 slim", () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    expect(finalStage.base).toMatch(/^node:24(\.\d+){0,2}-(\w+-)?slim(@sha256:[a-f0-9]{64})?$/);
    const buildStages = dockerfile.stages.slice(0, -1);
    expect(buildStages.some((stage) => runCommands(stage).some((command) => /\bnpm run build\b/.test(command)))).toBe(
      true,
    );
  });

  it("compiles with a build script that copies the SQL migrations next to the compiled code", () => {
    expect(packageJson.scripts.build).toMatch(/\btsc -p tsconfig\.build\.json\b/);
    expect(packageJson.scripts.build).toMatch(/copy-migrations/);
  });

  it("installs nothing but production dependencies into the final stage", () => {
    for (const command of runCommands(finalStage)) {
      expect(command, "final stage must not npm install").not.toMatch(/\bnpm (install|i|add)\b/);
      if (/\bnpm ci\b/.test(command)) expect(command).toMatch(/--omit=dev\b/);
    }
    const copiedModules = instructionsOf(finalStage, "COPY").filter((copy) => /node_modules/.test(copy.args));
    expect(
      copiedModules.length + runCommands(finalStage).filter((command) => /\bnpm ci\b/.test(command)).length,
    ).toBeGreaterThan(0);
    for (const copy of copiedModules) {
      const source = flagValue(copy, "from");
      expect(source, "node_modules must come from a dependency stage, not the build context").toBeDefined();
      const installs = runCommands(stageNamed(source!)).filter((command) => /\bnpm (ci|install)\b/.test(command));
      expect(installs.length).toBeGreaterThan(0);
      for (const install of installs) expect(install).toMatch(/\bnpm ci\b.*--omit=dev\b/);
    }
  });

  it("runs as a numeric non-root user set before ENTRYPOINT and CMD", () => {
    const user = instructionsOf(finalStage, "USER").at(-1);
    expect(user).toBeDefined();
    const [uid, gid] = user!.args.split(":");
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).not.toBe(0);
    if (gid !== undefined) expect(Number(gid)).not.toBe(0);
    expect(user!.line).toBeLessThan(lineOf(finalStage, "CMD"));
    expect(user!.line).toBeLessThan(lineOf(finalStage, "ENTRYPOINT"));
  });

  it("starts under an init process with exec-form ENTRYPOINT and CMD", () => {
    const entrypoint = instructionsOf(finalStage, "ENTRYPOINT").at(-1)!;
    const cmd = instructionsOf(finalStage, "CMD").at(-1)!;
    expect(entrypoint.execForm?.[0]).toMatch(/\/(tini|dumb-init)$/);
    expect(runCommands(finalStage).some((command) => /apt-get install .*\b(tini|dumb-init)\b/.test(command))).toBe(
      true,
    );
    expect(cmd.execForm).toEqual(["node", "dist/app/main.js"]);
  });

  it("checks health on /live with Node itself, since slim images have no curl", () => {
    const healthchecks = instructionsOf(finalStage, "HEALTHCHECK");
    expect(healthchecks).toHaveLength(1);
    const command = healthchecks[0]!.args.replace(/^CMD\s+/, "");
    expect(healthchecks[0]!.args).toMatch(/^CMD\s+\[/);
    expect(command).toMatch(/\/live\b/);
    expect(command).not.toMatch(/\/ready\b/);
    expect(JSON.parse(command)[0]).toBe("node");
  });

  it("exposes the API and metrics ports and sets production defaults that keep writes under /tmp", () => {
    const exposed = instructionsOf(finalStage, "EXPOSE").flatMap((instruction) => instruction.args.split(/\s+/));
    expect(exposed).toEqual(expect.arrayContaining(["3000", "9464"]));
    const environment = stageEnvironment(finalStage);
    expect(environment.NODE_ENV).toBe("production");
    expect(environment.EMBEDDED_DATABASE_DIR).toMatch(/^\/tmp\//);
    const workdir = instructionsOf(finalStage, "WORKDIR").at(-1)?.args;
    expect(workdir).toMatch(/^\/(?!tmp)/);
  });

  it("declares /tmp a volume made sticky and world-writable before the declaration, and touched by nothing after", () => {
    // Fargate copies the image's owner and mode into the task volume mounted at /tmp only when the image declares
    // VOLUME there (AWS, "Use bind mounts with Amazon ECS"); otherwise the mount is root-owned 0755.
    const volume = instructionsOf(finalStage, "VOLUME").find((instruction) =>
      (instruction.execForm ?? instruction.args.split(/\s+/)).includes("/tmp"),
    );
    expect(volume, "the final stage must declare VOLUME /tmp").toBeDefined();
    const chmod = instructionsOf(finalStage, "RUN").find((run) => /^chmod 1777 \/tmp$/.test(run.args.trim()));
    expect(chmod, "RUN chmod 1777 /tmp").toBeDefined();
    expect(chmod!.line).toBeLessThan(volume!.line);
    // Docker discards changes a later instruction makes under a declared volume.
    const later = finalStage.instructions.filter(
      (instruction) => instruction.line > volume!.line && /(^|\s|")\/tmp(\/|\s|"|$)/.test(instruction.args),
    );
    expect(later.map((instruction) => `${instruction.keyword} ${instruction.args}`)).toEqual([]);
  });

  it("fetches nothing the lock file does not vouch for: no ADD of a URL, no curl or wget, in any stage", () => {
    // The RDS CA bundle, for one, comes from a package pinned with its integrity (scripts/write-rds-ca-bundle.mjs);
    // runtime-stage.test.ts checks the image carries it where the ECS task points.
    for (const stage of dockerfile.stages) {
      for (const add of instructionsOf(stage, "ADD")) expect(add.args).not.toMatch(/(^|\s)(https?|git):\/\//);
      for (const run of instructionsOf(stage, "RUN")) expect(run.args).not.toMatch(/\b(curl|wget)\b/);
    }
  });

  it("carries OCI labels", () => {
    const labels = instructionsOf(finalStage, "LABEL")
      .map((instruction) => instruction.args)
      .join(" ");
    for (const key of ["title", "description", "source", "revision", "base.name"]) {
      expect(labels).toContain(`org.opencontainers.image.${key}=`);
    }
  });
});

describe(".dockerignore", () => {
  it("keeps dependencies, version control, local data and env files out of the build context", () => {
    for (const excluded of [
      "node_modules",
      "node_modules/pg/package.json",
      ".git",
      ".git/config",
      ".data/pglite/base",
      ".env",
      ".env.production",
      "app/.env",
      "dist/app/main.js",
      "infra/index.ts",
      "test/container/x.test.ts",
    ]) {
      expect(dockerignore.excludes(excluded), excluded).toBe(true);
    }
  });

  it("sends every path the Dockerfile copies from the build context", () => {
    const contextSources = dockerfile.stages
      .flatMap((stage) => instructionsOf(stage, "COPY"))
      .filter((copy) => flagValue(copy, "from") === undefined)
      .flatMap((copy) => copy.args.split(/\s+/).slice(0, -1));
    expect(contextSources.length).toBeGreaterThan(0);
    for (const source of contextSources) expect(dockerignore.excludes(source), source).toBe(false);
    expect(dockerignore.excludes("app/main.ts")).toBe(false);
    const migrations = readdirSync(path.join(repositoryRoot, "app/migrations")).filter((file) => file.endsWith(".sql"));
    expect(migrations.length).toBeGreaterThan(0);
    for (const migration of migrations) {
      expect(dockerignore.excludes(`app/migrations/${migration}`), migration).toBe(false);
    }
  });
});
