// Tenant data written the way customers write it: through the API over HTTP. Each call checks its status, so a
// drill never measures a restore of data that was never written.
import { randomUUID } from "node:crypto";

export interface Tenant {
  organizationId: string;
  userId: string;
  email: string;
  token: string;
}

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

export const drillPassword = "drill password correct horse";

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
) {
  const headers: Record<string, string> = { ...extraHeaders };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  const json = text && (response.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : {};
  return { status: response.status, body: json as Record<string, unknown> } satisfies ApiAnswer;
}

async function expectStatus(answer: Promise<ApiAnswer>, status: number, what: string): Promise<ApiAnswer> {
  const settled = await answer;
  if (settled.status !== status)
    throw new Error(`${what}: expected HTTP ${status}, got ${settled.status} ${JSON.stringify(settled.body)}`);
  return settled;
}

export async function signUp(baseUrl: string, label: string): Promise<Tenant> {
  const email = `${label}-${randomUUID().slice(0, 8)}@drill.example.com`;
  const { body } = await expectStatus(
    call(baseUrl, "POST", "/auth/signup", undefined, {
      email,
      password: drillPassword,
      name: `${label} person`,
      organizationName: `${label} organization`,
    }),
    201,
    `sign up ${label}`,
  );
  const { user, organization, accessToken } = body as { user: { id: string }; organization: { id: string } } & {
    accessToken: string;
  };
  return { organizationId: organization.id, userId: user.id, email, token: accessToken };
}

export async function logIn(baseUrl: string, email: string, organizationId?: string): Promise<Tenant> {
  const { body } = await expectStatus(
    call(baseUrl, "POST", "/auth/login", undefined, {
      email,
      password: drillPassword,
      ...(organizationId ? { organizationId } : {}),
    }),
    200,
    `log in ${email}`,
  );
  const { user, organization, accessToken } = body as { user: { id: string }; organization: { id: string } } & {
    accessToken: string;
  };
  return { organizationId: organization.id, userId: user.id, email, token: accessToken };
}

/** Signs a person up, invites them into `owner`'s organization, has them accept, and signs them in there. */
export async function addMember(baseUrl: string, owner: Tenant, label: string): Promise<Tenant> {
  const person = await signUp(baseUrl, label);
  await expectStatus(
    call(baseUrl, "POST", "/members", owner.token, { email: person.email, role: "member" }),
    202,
    "invite",
  );
  await expectStatus(
    call(baseUrl, "POST", `/me/invitations/${owner.organizationId}/accept`, person.token),
    200,
    "accept invitation",
  );
  return logIn(baseUrl, person.email, owner.organizationId);
}

export async function createCase(baseUrl: string, tenant: Tenant, title: string, assigneeId?: string) {
  const body = { title, description: `${title}: written by a recovery drill`, ...(assigneeId ? { assigneeId } : {}) };
  const answer = await expectStatus(call(baseUrl, "POST", "/cases", tenant.token, body), 201, "create case");
  return answer.body.id as string;
}

/** Changes a case the way a client must: read its version, then PATCH naming it in If-Match. */
export async function changeCase(baseUrl: string, tenant: Tenant, caseId: string, changes: Record<string, unknown>) {
  const read = await expectStatus(call(baseUrl, "GET", `/cases/${caseId}`, tenant.token), 200, "read case");
  const ifMatch = { "if-match": `"${String(read.body.version)}"` };
  await expectStatus(call(baseUrl, "PATCH", `/cases/${caseId}`, tenant.token, changes, ifMatch), 200, "change case");
}

export async function createTask(baseUrl: string, tenant: Tenant, caseId: string, title: string) {
  const body = { title, dueDate: "2030-01-31" };
  const answer = await expectStatus(call(baseUrl, "POST", `/cases/${caseId}/tasks`, tenant.token, body), 201, "task");
  return answer.body.id as string;
}

/** `cases` cases with `tasks` tasks each, in the tenant's organization; returns the case ids. */
export async function writeCases(baseUrl: string, tenant: Tenant, cases: number, tasks: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= cases; i++) {
    const caseId = await createCase(baseUrl, tenant, `Case ${i}`);
    for (let t = 1; t <= tasks; t++) await createTask(baseUrl, tenant, caseId, `Task ${t} of case ${i}`);
    ids.push(caseId);
  }
  return ids;
}

/** Every case id the tenant can list through the API (all pages). */
export async function listCaseIds(baseUrl: string, tenant: Tenant): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `/cases?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const { body } = await expectStatus(call(baseUrl, "GET", query, tenant.token), 200, "list cases");
    ids.push(...(body.items as { id: string }[]).map((item) => item.id));
    cursor = body.nextCursor as string | null;
  } while (cursor);
  return ids;
}

/** How many of `caseIds` answer 200 (not 404) to GET /cases/:id for this tenant. */
export async function readableCases(baseUrl: string, tenant: Tenant, caseIds: string[]): Promise<number> {
  let readable = 0;
  for (const id of caseIds) {
    const { status } = await call(baseUrl, "GET", `/cases/${id}`, tenant.token);
    if (status === 200) readable++;
    else if (status !== 404) throw new Error(`GET /cases/${id}: unexpected HTTP ${status}`);
  }
  return readable;
}
