// `npm run db:migrate`: apply pending migrations with the app's own configuration and exit.
import { loadConfigOrExit } from "../../config/load-config.js";
import { createLogger } from "../logging/logger.js";
import { createMetrics } from "../metrics/metrics.js";
import { openDatabase } from "./open-database.js";

const config = loadConfigOrExit();
const log = createLogger(config.log.level);
const { close } = await openDatabase({ ...config.database, migrateOnStart: true }, log, createMetrics());
await close();
