// Part of `npm run build`: writes Node's module compile cache for the API's start into dist/compile-cache, which
// dist/app/main.js reads (decision 0101). A child Node enables the cache and imports dist/app/serve.js, which loads
// every module a start loads without starting anything; Node writes the cache as the child exits.
//
//   node scripts/write-compile-cache.mjs [--uid <n>]...
//
// Node keeps a cache under <folder>/<node version, arch, V8 flags hash>-<uid of the process>. The cache is written
// as whoever builds (root in the image's build stage); each --uid adds that user's name for the same entries (the
// image runs as 1000), since Node would otherwise look for a folder it cannot create in a read-only image.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import module from "node:module";
import path from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";

const folder = path.resolve("dist", "compile-cache");
const uids = process.argv.flatMap((argument, index, all) => (all[index - 1] === "--uid" ? [Number(argument)] : []));
if (uids.some((uid) => !Number.isInteger(uid) || uid < 0)) throw new Error("--uid takes a user id (a number)");

rmSync(folder, { recursive: true, force: true });
// The portable option (entries keyed by paths relative to the cache, so the build stage's /src serves /app) came in
// Node 24.12; an older Node writes nothing and main.js finds no folder.
const [major, minor] = process.versions.node.split(".").map(Number);
if (typeof module.enableCompileCache !== "function" || major < 24 || (major === 24 && minor < 12)) {
  process.stdout.write(`write-compile-cache: Node ${process.version} cannot write a portable cache; none written\n`);
  process.exit(0);
}

const child = `
  import module from "node:module";
  const result = module.enableCompileCache({ directory: ${JSON.stringify(folder)}, portable: true });
  if (result.status !== module.constants.compileCacheStatus.ENABLED) throw new Error(result.message ?? "not enabled");
  await import(${JSON.stringify(pathToFileURL(path.resolve("dist", "app", "serve.js")).href)});
  module.flushCompileCache();
`;
execFileSync(process.execPath, ["--input-type=module", "--eval", child], {
  stdio: "inherit",
  // The image's NODE_OPTIONS are heap sizes, which do not change the cache's folder; nothing else may.
  env: { PATH: process.env.PATH ?? "", NODE_ENV: "production" },
});

const written = readdirSync(folder);
const own = written.find((name) => name.endsWith(`-${process.getuid()}`));
if (written.length !== 1 || !own) throw new Error(`expected one cache folder for uid ${process.getuid()}: ${written}`);
for (const uid of uids) {
  const name = own.replace(/-\d+$/, `-${uid}`);
  if (!existsSync(path.join(folder, name))) symlinkSync(own, path.join(folder, name));
}
process.stdout.write(
  `write-compile-cache: ${readdirSync(path.join(folder, own)).length} entries in ${path.relative(".", folder)}/${own}\n`,
);
