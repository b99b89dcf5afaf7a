// The process's work once main.ts has enabled the compile cache: validate configuration (exit 1 naming each bad
// variable), start, and stop gracefully on SIGTERM/SIGINT. Importing this module starts nothing; serve() does.
import { loadConfigOrExit } from "./config/load-config.js";
import { createLogger } from "./platform/logging/logger.js";
import { startApp, type RunningApp } from "./start-app.js";

export async function serve(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(config.log.level);

  process.on("unhandledRejection", (reason) => {
    log.fatal({ err: reason }, "unhandled promise rejection");
    process.exit(1);
  });

  // Installed before start: a stop that arrives while migrations wait on their lock must not be ignored.
  let running: RunningApp | undefined;
  const stop = (signal: NodeJS.Signals) => {
    log.info({ signal }, "shutdown requested");
    if (!running) {
      log.info("stopping before the API was serving: nothing to drain");
      log.flush(() => process.exit(0));
      return;
    }
    running.shutdown().then(
      () => log.flush(() => process.exit(0)),
      (error: unknown) => {
        log.fatal({ err: error }, "shutdown failed");
        log.flush(() => process.exit(1));
      },
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);

  try {
    running = await startApp(config, log);
  } catch (error) {
    log.fatal({ err: error }, "start failed");
    log.flush(() => process.exit(1));
  }
}
