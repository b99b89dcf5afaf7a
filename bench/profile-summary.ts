// Summarises a V8 .cpuprofile (from BENCH_CPU_PROF_DIR, i.e. `node --cpu-prof` on the API process): the top
// frames by self time, and self time grouped by where the code lives (a package, the app's own folders, Node's
// internals, garbage collection, idle). `npx tsx bench/profile-summary.ts <file.cpuprofile> [top]`.
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function place(url: string, functionName: string): string {
  if (functionName === "(garbage collector)") return "(garbage collector)";
  if (functionName === "(idle)") return "(idle)";
  if (functionName === "(program)") return "(program: native, outside JS)";
  if (url === "") return `(native) ${functionName}`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1] as string;
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`;
  const app = /\/dist\/(app\/[^/]+(?:\/[^/]+)?)\//.exec(url);
  if (app) return app[1] as string;
  return url.replace(/^.*\//, "");
}

const file = process.argv[2];
const top = Number(process.argv[3] ?? 25);
if (!file) throw new Error("usage: profile-summary.ts <file.cpuprofile> [top]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfByFrame = new Map<string, number>();
const selfByPlace = new Map<string, number>();
let total = 0;
let idle = 0;
profile.samples.forEach((id, index) => {
  const node = byId.get(id);
  const delta = profile.timeDeltas[index] ?? 0;
  if (!node) return;
  const { functionName, url, lineNumber } = node.callFrame;
  total += delta;
  if (functionName === "(idle)") idle += delta;
  const frame = `${functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "").replace(/^.*\/dist\//, "")}:${lineNumber + 1}`;
  selfByFrame.set(frame, (selfByFrame.get(frame) ?? 0) + delta);
  const where = place(url, functionName);
  selfByPlace.set(where, (selfByPlace.get(where) ?? 0) + delta);
});
const busy = total - idle;
const percent = (value: number) => `${((value / busy) * 100).toFixed(1)} %`;
process.stdout.write(
  `profile ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (shares are of busy time)\n\n`,
);
process.stdout.write("| self | where |\n|---:|---|\n");
for (const [where, time] of [...selfByPlace].sort((a, b) => b[1] - a[1]).slice(0, top))
  if (where !== "(idle)") process.stdout.write(`| ${percent(time)} | ${where} |\n`);
process.stdout.write("\n| self | frame |\n|---:|---|\n");
for (const [frame, time] of [...selfByFrame].sort((a, b) => b[1] - a[1]).slice(0, top))
  if (!frame.startsWith("(idle)")) process.stdout.write(`| ${percent(time)} | \`${frame}\` |\n`);
