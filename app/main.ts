// Process entry point: validate configuration (exit 1 naming each bad variable), start, and stop gracefully
// on SIGTERM/SIGINT.
import { loadConfigOrExit } from "./config/load-config.js";
import { createLogger } from "./platform/logging/logger.js";
import { startApp } from "./start-app.js";

const config = loadConfigOrExit();
const log = createLogger(config.log.level);

process.on("unhandledRejection", (reason) => {
  log.fatal({ err: reason }, "unhandled promise rejection");
  process.exit(1);
});

try {
  const running = await startApp(config, log);
  const stop = (signal: NodeJS.Signals) => {
    log.info({ signal }, "shutdown requested");
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
} catch (error) {
  log.fatal({ err: error }, "start failed");
  log.flush(() => process.exit(1));
}
