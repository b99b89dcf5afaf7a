// `npm run drill -- <name> [options]`: the recovery drills an operator runs and the test suite runs
// (runbooks/drills/README.md). The only place the drills read the environment: DRILL_* variables stand in for
// string options (connection URLs with passwords stay out of shell history).
import { drills } from "./drill-catalog.js";
import { runDrillCommand } from "./drill-runner.js";

const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith("DRILL_")));
const exitCode = await runDrillCommand(drills, process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env,
  onSignal(handler) {
    const uncaught = (error: unknown) => handler("uncaught", error);
    process.on("SIGINT", handler);
    process.on("SIGTERM", handler);
    process.on("uncaughtException", uncaught);
    process.on("unhandledRejection", uncaught);
    return () => {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
      process.off("uncaughtException", uncaught);
      process.off("unhandledRejection", uncaught);
    };
  },
});
// Pools and timers of stopped apps must not keep the process (and a waiting test) alive.
process.exit(exitCode);
