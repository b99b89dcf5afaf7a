// The whole API (every feature router) in-process against the run's PostgreSQL and Redis.
import { startTestApp, type AppUnderTest } from "./app-under-test.js";
import { ApiClient } from "./api-client.js";
import { createOrganization, signUp, type Organization, type Session } from "./api-world.js";

export interface ApiUnderTest {
  app: AppUnderTest;
  client: ApiClient;
}

export async function startApi(overrides: Record<string, string | undefined> = {}): Promise<ApiUnderTest> {
  const app = await startTestApp(overrides);
  return { app, client: new ApiClient(app.baseUrl) };
}

export interface TenantFixture extends ApiUnderTest {
  /** An organization with an owner, an admin and a member. */
  org: Organization;
  /** The owner of another organization. */
  attacker: Session;
  owner: ApiClient;
  admin: ApiClient;
  member: ApiClient;
}

/** The API plus the people most HTTP tests need. */
export async function startTenantFixture(): Promise<TenantFixture> {
  const api = await startApi();
  const org = await createOrganization(api.client);
  const attacker = await signUp(api.client, "attacker");
  const as = (session: Session) => api.client.as(session.accessToken);
  return { ...api, org, attacker, owner: as(org.owner), admin: as(org.admin), member: as(org.member) };
}
