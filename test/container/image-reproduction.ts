// Replays the Dockerfile's stages into folders of this machine, one folder per stage standing for that stage's
// WORKDIR, so the runtime test exercises what the Dockerfile really copies and installs rather than a hand-made
// imitation of it. COPY (from the build context, filtered by .dockerignore, or --from another stage) is followed
// faithfully. RUN is replayed only for the npm commands of the build stages (ci, run build, cyclonedx-npm); the
// final stage's RUN lines install system packages (tini) and remove npm, which must never run on the host: those
// are what only a real `docker build` proves (CI does one). The one final-stage RUN that is followed is
// `chmod <mode> <path>` on a path the stage then declares VOLUME: what Fargate copies into a task volume mounted
// there (`taskMount`).
import { execFile } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { flagValue, type DockerInstruction, type DockerStage, type ParsedDockerfile } from "./dockerfile-parser.js";
import type { DockerignoreMatcher } from "./dockerignore-matcher.js";

const run = promisify(execFile);

export interface ReproducedStage {
  stage: DockerStage;
  /** The stage's WORKDIR inside the image. */
  workdir: string;
  /** The folder on this machine that stands for it. */
  folder: string;
  /** Paths declared VOLUME, with the mode the stage gave them before the declaration (if it set one). */
  volumes: Map<string, { mode: number | undefined }>;
}

export interface ReproductionInput {
  dockerfile: ParsedDockerfile;
  dockerignore: DockerignoreMatcher;
  repositoryRoot: string;
  scratch: string;
}

/**
 * Returns the reproduced final stage; its folder holds what the image has under its WORKDIR. Stages run
 * concurrently, as BuildKit runs them: a `COPY --from` waits for the stage it names.
 */
export async function reproduceImage(input: ReproductionInput): Promise<ReproducedStage> {
  const replays: Promise<ReproducedStage>[] = [];
  const stageNamed = (from: string, line: number): Promise<ReproducedStage> => {
    const index = input.dockerfile.stages.findIndex(
      (stage) => stage.name === from.toLowerCase() || String(stage.index) === from,
    );
    const replay = replays[index];
    if (replay === undefined) throw new Error(`line ${line}: COPY --from=${from} names no earlier stage`);
    return replay;
  };
  for (const stage of input.dockerfile.stages) replays.push(replayStage(stage, stageNamed, input));
  // Wait for every stage to settle before failing, so no npm process still writes into a folder being removed.
  const results = await Promise.allSettled(replays);
  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
  return (await replays.at(-1))!;
}

async function replayStage(
  stage: DockerStage,
  stageNamed: (from: string, line: number) => Promise<ReproducedStage>,
  input: ReproductionInput,
): Promise<ReproducedStage> {
  const isFinal = stage.index === input.dockerfile.stages.length - 1;
  const current: ReproducedStage = {
    stage,
    workdir: "/",
    folder: path.join(input.scratch, `stage-${stage.index}-${stage.name ?? "unnamed"}`),
    volumes: new Map(),
  };
  const modes = new Map<string, number>();
  mkdirSync(current.folder, { recursive: true });
  for (const instruction of stage.instructions) {
    if (instruction.keyword === "WORKDIR") current.workdir = readWorkdir(instruction, current);
    if (instruction.keyword === "COPY") {
      const from = flagValue(instruction, "from");
      const origin = from === undefined ? undefined : await stageNamed(from, instruction.line);
      copyInto(instruction, current, origin, input);
    }
    if (instruction.keyword === "RUN" && !isFinal) await replayRun(instruction, current, input.repositoryRoot);
    const chmod = /^chmod ([0-7]{3,4}) (\/\S*)$/.exec(instruction.args.trim());
    if (instruction.keyword === "RUN" && isFinal && chmod) {
      // Docker discards what a later instruction changes under a declared volume.
      if (!current.volumes.has(chmod[2]!)) modes.set(chmod[2]!, parseInt(chmod[1]!, 8));
    }
    if (instruction.keyword === "VOLUME")
      for (const volume of instruction.execForm ?? instruction.args.split(/\s+/))
        current.volumes.set(volume, { mode: modes.get(volume) });
  }
  return current;
}

/**
 * The folder a Fargate task volume mounted at `containerPath` becomes, as AWS documents for bind mounts: when the
 * image declares VOLUME at that path its content, owner and mode are copied in; otherwise it is empty, owned by
 * root, mode 0755. Created under `scratch`, owned by whoever runs the test (root on our machines).
 */
export function taskMount(image: ReproducedStage, containerPath: string, scratch: string): string {
  const folder = mkdtempSync(path.join(scratch, `mount-${containerPath.replace(/\W+/g, "_")}-`));
  const declared = image.volumes.get(containerPath);
  // A declared volume without a mode set in the Dockerfile keeps the base image's: unknown here, so refuse.
  if (declared && declared.mode === undefined)
    throw new Error(
      `VOLUME ${containerPath} has no mode set in the Dockerfile; the replay cannot know the base image's`,
    );
  chmodSync(folder, declared?.mode ?? 0o755);
  return folder;
}

function readWorkdir(instruction: DockerInstruction, current: ReproducedStage): string {
  // Files copied before a WORKDIR change would land elsewhere in the image; the replay keeps one folder per stage.
  if (!path.posix.isAbsolute(instruction.args) || readdirSync(current.folder).length > 0) {
    throw new Error(
      `line ${instruction.line}: the replay supports one absolute WORKDIR per stage, set before its first COPY`,
    );
  }
  return instruction.args;
}

function copyInto(
  instruction: DockerInstruction,
  current: ReproducedStage,
  origin: ReproducedStage | undefined,
  input: ReproductionInput,
): void {
  const words = instruction.args.split(/\s+/);
  const destination = words.at(-1)!;
  const sources = words.slice(0, -1);
  const destinationPath = inFolder(current, destination);
  const intoDirectory = destination.endsWith("/") || sources.length > 1;

  for (const source of sources) {
    const sourcePath = origin === undefined ? path.join(input.repositoryRoot, source) : inFolder(origin, source);
    const isDirectory = statSync(sourcePath).isDirectory();
    const target =
      isDirectory || !intoDirectory ? destinationPath : path.join(destinationPath, path.basename(sourcePath));
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(sourcePath, target, {
      recursive: true,
      verbatimSymlinks: true,
      // The build context is what .dockerignore lets through; another stage's files are copied as they are.
      filter: (file) =>
        origin !== undefined ||
        !input.dockerignore.excludes(path.relative(input.repositoryRoot, file).split(path.sep).join("/") || "."),
    });
  }
}

/** Maps an image path (absolute under the stage's WORKDIR, or relative to it) to the stage's folder. */
function inFolder(stage: ReproducedStage, imagePath: string): string {
  const absolute = path.posix.resolve(stage.workdir, imagePath);
  const relative = path.posix.relative(stage.workdir, absolute);
  if (relative.startsWith(".."))
    throw new Error(`${imagePath} lies outside WORKDIR ${stage.workdir}; the replay cannot follow it`);
  return path.join(stage.folder, relative);
}

async function replayRun(
  instruction: DockerInstruction,
  current: ReproducedStage,
  repositoryRoot: string,
): Promise<void> {
  const command = instruction.args.trim();
  const npmCi = /^npm ci( .*)?$/.exec(command);
  const cyclonedx = /^npx cyclonedx-npm( .*)$/.exec(command);
  if (npmCi && /--omit=dev\b/.test(command)) {
    // The Dockerfile's own flags, plus --prefer-offline so the replay uses the local npm cache.
    const flags = (npmCi[1] ?? "").trim().split(/\s+/).filter(Boolean);
    await run("npm", ["ci", ...flags, "--prefer-offline"], { cwd: current.folder, timeout: 120_000 });
  } else if (npmCi) {
    // The full install feeds the compiler and the bill of materials: the repository's node_modules, installed from
    // the same lockfile, stands in for it (a second full install would cost a minute and prove nothing more). It is
    // hard-linked (~3 s), not symlinked: npm 11 reads a symlinked node_modules as foreign, so `npm ls` (under
    // cyclonedx-npm) calls every package extraneous. Where hard links cannot cross filesystems, install for real.
    const flags = (npmCi[1] ?? "").trim().split(/\s+/).filter(Boolean);
    await run("cp", [
      "-al",
      path.join(repositoryRoot, "node_modules"),
      path.join(current.folder, "node_modules"),
    ]).catch(() => run("npm", ["ci", ...flags, "--prefer-offline"], { cwd: current.folder, timeout: 180_000 }));
  } else if (command === "npm run build") {
    await run("npm", ["run", "build"], { cwd: current.folder, timeout: 120_000 });
  } else if (cyclonedx) {
    // The bill of materials, with the Dockerfile's own flags, over the tree this stage stands for.
    const flags = cyclonedx[1]!.trim().split(/\s+/).filter(Boolean);
    await run("npx", ["cyclonedx-npm", ...flags], { cwd: current.folder, timeout: 120_000 });
  } else {
    throw new Error(
      `line ${instruction.line}: the replay does not know how to run ${JSON.stringify(command)}; teach image-reproduction.ts`,
    );
  }
}
