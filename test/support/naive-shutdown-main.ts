// Negative control for the graceful-shutdown test: the same app, stopped the naive way (server.close() alone).
import { loadConfigOrExit } from "../../app/config/load-config.js";
import { createLogger } from "../../app/platform/logging/logger.js";
import { startApp } from "../../app/start-app.js";

const config = loadConfigOrExit();
const running = await startApp(config, createLogger(config.log.level));
process.once("SIGTERM", () => {
  running.apiServer.close(() => process.exit(0));
});
