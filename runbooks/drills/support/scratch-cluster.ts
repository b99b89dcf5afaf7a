// A private PostgreSQL cluster in a temporary folder on a free loopback port, for what must never happen to a
// shared server: restarts, crashes, WAL archiving, base backups, promotion. Used by the recovery drills and by the
// fault tests. As root it runs every PostgreSQL binary as the `postgres` OS user (initdb refuses root); as any
// other user it runs them as that user.
import { execFile, execFileSync } from "node:child_process";
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export interface ScratchClusterOptions {
  /** Archive every finished WAL segment into `<root>/wal-archive` (needed for point-in-time recovery). */
  walArchive?: boolean;
  /** Extra postgresql.conf settings, e.g. `{ wal_level: "replica" }`. */
  settings?: Record<string, string | number | boolean>;
  /**
   * Start from a copy of this data directory (e.g. a base backup) instead of running initdb. The copy keeps its own
   * postgresql.auto.conf (where `pg_basebackup -R` writes primary_conninfo); the settings here are appended to it.
   */
  fromDataDir?: string;
  /** Start in archive recovery (`recovery.signal`) or as a standby (`standby.signal`). */
  signal?: "recovery" | "standby";
  /** initdb's WAL segment size in MiB (a power of 2, 1–1024). Drills use 1 so archiving moves little data. */
  walSegmentMiB?: number;
}

export interface ScratchCluster {
  port: number;
  /** The temporary folder holding everything: data, log, socket, archive. */
  root: string;
  dataDir: string;
  archiveDir: string;
  logFile: string;
  /** postgres://<user>@127.0.0.1:<port>/<database> (trust authentication on loopback; user defaults to postgres). */
  url(database?: string, user?: string): string;
  /** Runs a PostgreSQL binary (initdb, pg_ctl, pg_basebackup, psql…) as the cluster's OS user. */
  run(binary: string, args: string[]): Promise<string>;
  start(): Promise<void>;
  stop(mode?: "fast" | "immediate"): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server (immediately) and deletes the folder. Safe to call twice. */
  destroy(): Promise<void>;
}

/** Where the PostgreSQL server binaries are: the newest /usr/lib/postgresql/<major>/bin, or pg_config's. */
export function postgresBinDir(): string {
  const debianRoot = "/usr/lib/postgresql";
  if (existsSync(debianRoot)) {
    const majors = readdirSync(debianRoot)
      .filter((name) => existsSync(path.join(debianRoot, name, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (majors[0]) return path.join(debianRoot, majors[0], "bin");
  }
  throw new Error("No PostgreSQL server binaries found under /usr/lib/postgresql/<major>/bin (install postgresql)");
}

/** A port nobody listens on right now (the kernel's choice). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startScratchCluster(options: ScratchClusterOptions = {}): Promise<ScratchCluster> {
  const binDir = postgresBinDir();
  const owner = clusterOwner();
  const root = mkdtempSync(path.join(os.tmpdir(), "rusty-scratch-pg-"));
  const dataDir = path.join(root, "data");
  const archiveDir = path.join(root, "wal-archive");
  const logFile = path.join(root, "server.log");
  const run = async (binary: string, args: string[]): Promise<string> => {
    const command = path.join(binDir, binary);
    const [file, fileArgs] = owner ? ["runuser", ["-u", owner.name, "--", command, ...args]] : [command, args];
    const { stdout } = await execFileAsync(file, fileArgs, { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  };
  if (owner) chownSync(root, owner.uid, owner.gid);
  let running = false;
  const cluster: ScratchCluster = {
    port: 0,
    root,
    dataDir,
    archiveDir,
    logFile,
    url: (database = "postgres", user = "postgres") => `postgres://${user}@127.0.0.1:${cluster.port}/${database}`,
    run,
    async start() {
      await run("pg_ctl", ["-D", dataDir, "-l", logFile, "-w", "-t", "60", "start"]);
      running = true;
    },
    async stop(mode = "fast") {
      if (!running) return;
      await run("pg_ctl", ["-D", dataDir, "-m", mode, "-w", "-t", "60", "stop"]);
      running = false;
    },
    async restart() {
      await cluster.stop("fast");
      await cluster.start();
    },
    async destroy() {
      await cluster.stop("immediate").catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await prepareDataDir({ options, dataDir, run, owner });
    await execFileAsync("mkdir", ["-p", archiveDir]);
    if (owner) chownSync(archiveDir, owner.uid, owner.gid);
    const inherited = options.fromDataDir ? readIfPresent(path.join(dataDir, "postgresql.auto.conf")) : "";
    if (options.signal) writeOwnedFile(path.join(dataDir, `${options.signal}.signal`), "", owner);
    await startOnFreePort(cluster, async (port) => {
      const settings = renderSettings({ port, root, archiveDir, options });
      writeOwnedFile(path.join(dataDir, "postgresql.auto.conf"), inherited + settings, owner);
    });
    return cluster;
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
}

async function prepareDataDir(input: {
  options: ScratchClusterOptions;
  dataDir: string;
  run: (binary: string, args: string[]) => Promise<string>;
  owner: ClusterOwner | undefined;
}): Promise<void> {
  const { options, dataDir, run, owner } = input;
  if (options.fromDataDir) {
    await execFileAsync("cp", ["-a", options.fromDataDir, dataDir]);
    if (owner) await execFileAsync("chown", ["-R", `${owner.uid}:${owner.gid}`, dataDir]);
    // A copied postmaster.pid would make pg_ctl believe a server already runs there.
    rmSync(path.join(dataDir, "postmaster.pid"), { force: true });
    return;
  }
  const walSegment = options.walSegmentMiB ? [`--wal-segsize=${options.walSegmentMiB}`] : [];
  await run("initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", ...walSegment]);
}

/**
 * Another process (a parallel test, another drill) may take the port between freePort() and the server's bind:
 * when the server fails for that reason, try again on a new port.
 */
async function startOnFreePort(cluster: ScratchCluster, configure: (port: number) => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    cluster.port = await freePort();
    await configure(cluster.port);
    if (existsSync(cluster.logFile)) truncateSync(cluster.logFile);
    try {
      await cluster.start();
      return;
    } catch (error) {
      const log = readIfPresent(cluster.logFile);
      if (attempt >= 3 || !/could not bind|Address already in use/.test(log)) throw error;
    }
  }
}

function readIfPresent(file: string): string {
  if (!existsSync(file)) return "";
  const text = readFileSync(file, "utf8");
  return text.length === 0 || text.endsWith("\n") ? text : `${text}\n`;
}

function writeOwnedFile(file: string, content: string, owner: ClusterOwner | undefined): void {
  writeFileSync(file, content);
  if (owner) chownSync(file, owner.uid, owner.gid);
}

function renderSettings(input: {
  port: number;
  root: string;
  archiveDir: string;
  options: ScratchClusterOptions;
}): string {
  const settings: Record<string, string | number | boolean> = {
    port: input.port,
    listen_addresses: "127.0.0.1",
    unix_socket_directories: input.root,
    max_connections: 50,
    // Explicit either way: a copied base backup carries its source's archive settings, which must not write into
    // the source's archive.
    ...(input.options.walArchive
      ? {
          wal_level: "replica",
          archive_mode: "on",
          archive_command: `test ! -f ${input.archiveDir}/%f && cp %p ${input.archiveDir}/%f`,
          archive_timeout: 1,
        }
      : { archive_mode: "off" }),
    ...input.options.settings,
  };
  return Object.entries(settings)
    .map(([key, value]) => `${key} = ${typeof value === "string" ? `'${value.replaceAll("'", "''")}'` : value}`)
    .join("\n")
    .concat("\n");
}

/** As root, the `postgres` OS user owns and runs the cluster; otherwise the current user does. */
interface ClusterOwner {
  name: string;
  uid: number;
  gid: number;
}

function clusterOwner(): ClusterOwner | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const [, , uid, gid] = execFileSync("getent", ["passwd", "postgres"], { encoding: "utf8" }).split(":");
  return { name: "postgres", uid: Number(uid), gid: Number(gid) };
}
