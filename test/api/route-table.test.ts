// The one shape, checked on the route table itself and enforced on a running app: every route declares who may
// call it and the transaction its service runs in (read, write, or one of the named non-tenant doors), and the
// router really opens that transaction and checks that role before any service runs (a write) or receives an
// answer (a read, whose statements follow the membership check on the wire: decision 0100).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRouteTable, createApiContext } from "../../app/api-routes.js";
import { checkRouteShape, mountRoutes } from "../../app/api/api-router.js";
import { defineRoute, type RouteDefinition, type TransactionKind } from "../../app/api/route-definition.js";
import { roles } from "../../app/api/roles.js";
import { AppError } from "../../app/platform/errors/app-error.js";
import { transactionDoors } from "../../app/api/transaction-doors.js";
import { startApi, type ApiUnderTest } from "../support/api-app.js";
import { ApiClient, requestIdOf } from "../support/api-client.js";
import { createOrganization, type Organization } from "../support/api-world.js";
import { startTestApp, type AppUnderTest } from "../support/app-under-test.js";

/** The doors other than the caller's own organization, and the only routes allowed through them. */
const nonTenantRoutes: Record<string, string[]> = {
  signup: ["POST /auth/signup"],
  login: ["POST /auth/login"],
  "refresh-token": ["POST /auth/refresh", "POST /auth/logout"],
  invitation: ["POST /me/invitations/:organizationId/accept", "DELETE /me/invitations/:organizationId"],
  erasure: ["DELETE /me"],
  none: ["GET /openapi.json", "GET /docs"],
};

let api: ApiUnderTest;
let table: RouteDefinition[];
beforeAll(async () => {
  api = await startApi();
  table = apiRouteTable(createApiContext(api.app.services));
});
afterAll(() => api?.app.stop());

const nameOf = (route: RouteDefinition) => `${route.method.toUpperCase()} ${route.path}`;

describe("the route table", () => {
  it("gives every route an access level and a known transaction whose mode fits its method", () => {
    const problems: string[] = [];
    for (const route of table) {
      const door = transactionDoors[route.transaction];
      if (!["public", ...roles].includes(route.access)) problems.push(`${nameOf(route)}: access ${route.access}`);
      if (!door) problems.push(`${nameOf(route)}: transaction ${route.transaction} is no door`);
      else if (route.method === "get" ? door.mode === "write" : door.mode !== "write")
        problems.push(`${nameOf(route)}: a ${route.method} route in a ${door.mode} transaction`);
      try {
        checkRouteShape(route);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    expect(table.length).toBe(new Set(table.map(nameOf)).size);
    expect(problems).toEqual([]);
  });

  it("sends every authenticated route through a door that checks the caller's role, and no public one", () => {
    const misfits = table
      .filter(
        (route) =>
          (route.access === "public") !== ["account", "none"].includes(transactionDoors[route.transaction].scope),
      )
      .map(nameOf);
    expect(misfits).toEqual([]);
  });

  it("lets only the named routes through the doors outside the caller's organization", () => {
    const used: Record<string, string[]> = {};
    for (const route of table) {
      if (transactionDoors[route.transaction].scope === "tenant") continue;
      (used[route.transaction] ??= []).push(nameOf(route));
    }
    expect(used).toEqual(nonTenantRoutes);
  });

  it("refuses to mount a route whose access does not fit its transaction, or without exactly one success", () => {
    const route = (access: string, transaction: TransactionKind, responses: Record<number, { description: string }>) =>
      ({ ...probe("admin", "tenant-read"), access, transaction, responses }) as unknown as RouteDefinition;
    const ok = { 200: { description: "ok" } };
    expect(() => mountRoutes([route("admin", "none", ok)], api.app.services as never)).toThrow(/does not fit/);
    expect(() => mountRoutes([route("public", "tenant-write", ok)], api.app.services as never)).toThrow(/does not fit/);
    expect(() => mountRoutes([route("member", "tenant-read", {})], api.app.services as never)).toThrow(/success/);
    expect(() =>
      mountRoutes([route("member", "tenant-read", { 200: ok[200], 201: ok[200] })], api.app.services as never),
    ).toThrow(/success/);
  });
});

/** What a probe's service saw of its transaction. */
interface Seen {
  organization: string;
  user: string;
  role: string;
  readOnly: string;
  actor?: { userId: string; organizationId: string; role: string };
}

const runs: string[] = [];
/** Services that received the answer of a statement: a read's service starts before its membership is confirmed
 * (its statements follow the opening on the wire, decision 0100), but no answer reaches it before. */
const answered: string[] = [];
const committed: string[] = [];
const seenSql = `SELECT current_setting('app.organization_id', true) AS organization, current_setting('app.user_id', true) AS "user",
  current_user AS role, current_setting('transaction_read_only') AS "readOnly"`;

/** A route whose service only reports the transaction it was handed (and writes an audit row when it may). */
function probe(access: "public" | "member" | "admin", transaction: TransactionKind, fails = false): RouteDefinition {
  return defineRoute({
    method: "post",
    path: `/probe/${transaction}/${access}${fails ? "/fails" : ""}`,
    operationId: `probe-${transaction}-${access}${fails ? "-fails" : ""}`,
    tag: "probe",
    summary: "probe",
    access: access as never,
    transaction,
    responses: { 200: { description: "what the service saw" } },
    run: async (tx) => {
      runs.push(`${transaction}/${access}`);
      if (tx === null) return { none: true };
      const transactionOf = tx as unknown as {
        query(sql: string): Promise<{ rows: Seen[] }>;
        actor?: Seen["actor"];
        audit?(entry: object): Promise<void>;
        afterCommit?(task: () => Promise<void>): void;
      };
      transactionOf.afterCommit?.(async () => void committed.push(`${transaction}/${access}`));
      const [seen] = (await transactionOf.query(seenSql)).rows;
      answered.push(`${transaction}/${access}`);
      if (fails) throw new AppError("conflict");
      if (transactionOf.audit && transactionOf.actor)
        await transactionOf.audit({ action: `probe.${transaction}`, targetType: "probe", targetId: null });
      return { ...seen, ...(transactionOf.actor ? { actor: transactionOf.actor } : {}) };
    },
  });
}

const roleChecked: TransactionKind[] = ["tenant-read", "tenant-read-primary", "tenant-write", "invitation", "erasure"];
const publicKinds: TransactionKind[] = ["signup", "login", "refresh-token", "none"];
const writeKinds = (Object.keys(transactionDoors) as TransactionKind[]).filter(
  (kind) => transactionDoors[kind].mode === "write",
);

describe("the router enforces each route's declaration", () => {
  let probes: AppUnderTest;
  let client: ApiClient;
  let org: Organization;
  beforeAll(async () => {
    org = await createOrganization(api.client);
    const routes = [
      ...roleChecked.flatMap((kind) => [probe("member", kind), probe("admin", kind)]),
      ...publicKinds.map((kind) => probe("public", kind)),
      ...writeKinds.map((kind) => probe(publicKinds.includes(kind) ? "public" : "member", kind, true)),
    ];
    probes = await startTestApp({}, (services) => [mountRoutes(routes, createApiContext(services).tokens)]);
    client = new ApiClient(probes.baseUrl);
  });
  afterAll(() => probes?.stop());

  it.each(roleChecked)(
    "%s: opens in the caller's organization as rusty_app, with the membership confirmed",
    async (kind) => {
      const answer = await client.as(org.member.accessToken).post<Seen>(`/probe/${kind}/member`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        organization: org.member.organizationId,
        user: org.member.userId,
        role: "rusty_app",
        readOnly: transactionDoors[kind].mode === "read" ? "on" : "off",
        actor: { userId: org.member.userId, organizationId: org.member.organizationId, role: "member" },
      });
    },
  );

  it.each(roleChecked)(
    "%s: refuses a caller below the route's role before its service sees an answer (a write's before it runs)",
    async (kind) => {
      const pipelined = kind === "tenant-read" || kind === "tenant-read-primary";
      const [runsBefore, answeredBefore] = [runs.length, answered.length];
      const refused = await client.as(org.member.accessToken).post(`/probe/${kind}/admin`);
      expect([refused.status, refused.body.code]).toEqual([403, "forbidden"]);
      const anonymous = await client.post(`/probe/${kind}/member`);
      expect([anonymous.status, anonymous.body.code]).toEqual([401, "unauthenticated"]);
      expect(answered.length).toBe(answeredBefore);
      // Anonymous callers are refused before any transaction; a write's service never starts for a refused caller.
      expect(runs.length).toBe(runsBefore + (pipelined ? 1 : 0));
      expect((await client.as(org.admin.accessToken).post(`/probe/${kind}/admin`)).status).toBe(200);
      expect(answered.length).toBe(answeredBefore + 1);
    },
  );

  it("writes the audit rows of a write transaction in the caller's organization, by the caller", async () => {
    const requests = new Map<string, string>();
    for (const kind of ["tenant-write", "invitation", "erasure"]) {
      const answer = await client.as(org.admin.accessToken).post(`/probe/${kind}/member`);
      expect(answer.status).toBe(200);
      requests.set(requestIdOf(answer), kind);
    }
    const trail = await api.client
      .as(org.owner.accessToken)
      .get<{ items: { action: string; actorId: string; requestId: string }[] }>(
        "/audit-events?targetType=probe&limit=100",
      );
    const ours = trail.body.items.filter((event) => requests.has(event.requestId));
    expect(ours.map((event) => [event.action, event.actorId]).sort()).toEqual(
      ["probe.erasure", "probe.invitation", "probe.tenant-write"].map((action) => [action, org.admin.userId]),
    );
  });

  it.each(writeKinds)("%s: runs after-commit tasks once committed, never after a rollback", async (kind) => {
    const access = publicKinds.includes(kind) ? "public" : "member";
    const caller = access === "public" ? client : client.as(org.member.accessToken);
    committed.length = 0;
    expect((await caller.post(`/probe/${kind}/${access}/fails`)).status).toBe(409);
    expect(committed).toEqual([]);
    expect((await caller.post(`/probe/${kind}/${access}`)).status).toBe(200);
    expect(committed).toEqual([`${kind}/${access}`]);
  });

  it.each(publicKinds)("%s: serves without a token, as no one, outside any organization", async (kind) => {
    const answer = await client.post<Seen & { none?: boolean }>(`/probe/${kind}/public`);
    expect(answer.status).toBe(200);
    if (kind === "none") expect(answer.body).toEqual({ none: true });
    else expect(answer.body).toEqual({ organization: "", user: "", role: "rusty_app", readOnly: "off" });
  });
});
