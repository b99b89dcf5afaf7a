// The app's own config loader as the infra contract tests use it: what a target gives the API container is fed
// to it, and a refusal comes back as the list of problems it reports (each naming its variable).
import type { AppConfig } from "../../../app/config/app-config.js";
import { ConfigError, loadConfig } from "../../../app/config/load-config.js";

export function loadOrProblems(env: Record<string, string>): AppConfig | { problems: string[] } {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    throw error;
  }
}
