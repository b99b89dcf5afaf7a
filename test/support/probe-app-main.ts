// The real process (validated config, real servers) serving the API plus the probe routes, for tests that must
// see what a fault does to the process: an uncaught error here exits exactly as it would in app/main.ts.
import { createApiRouters } from "../../app/api-routes.js";
import { loadConfigOrExit } from "../../app/config/load-config.js";
import { createLogger } from "../../app/platform/logging/logger.js";
import { startApp } from "../../app/start-app.js";
import { probeRoutes } from "./probe-routes.js";

const config = loadConfigOrExit();
const running = await startApp(config, createLogger(config.log.level), {
  routers: (services) => [...createApiRouters(services), ...probeRoutes()],
});
process.once("SIGTERM", () => {
  void running.shutdown().then(() => process.exit(0));
});
