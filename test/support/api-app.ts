// The whole API (every feature router) in-process against the run's PostgreSQL and Redis.
import { startTestApp, type AppUnderTest } from "./app-under-test.js";
import { ApiClient } from "./api-client.js";

export interface ApiUnderTest {
  app: AppUnderTest;
  client: ApiClient;
}

export async function startApi(overrides: Record<string, string | undefined> = {}): Promise<ApiUnderTest> {
  const app = await startTestApp(overrides);
  return { app, client: new ApiClient(app.baseUrl) };
}
