// Built from the router's own table: every authenticated route must have an isolation probe (in
// test/api/isolation/*-isolation.ts), and each probe must show that another organization gets nothing.
import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRouteTable, createApiContext } from "../../app/api-routes.js";
import { startApi, type ApiUnderTest } from "../support/api-app.js";
import type { IsolationProbe, IsolationWorld } from "./isolation/isolation-probe.js";
import { victimFingerprints } from "./isolation/isolation-probe.js";
import { buildIsolationWorld } from "./isolation/isolation-world.js";

/** Routes without a token: isolation does not apply, but each must be acknowledged here. */
const publicRoutes = [
  "POST /auth/signup",
  "POST /auth/login",
  "POST /auth/refresh",
  "POST /auth/logout",
  "GET /openapi.json",
  "GET /docs",
];

async function loadProbes(): Promise<IsolationProbe[]> {
  const folder = new URL("./isolation/", import.meta.url);
  const files = readdirSync(folder).filter((file) => file.endsWith("-isolation.ts"));
  const modules = await Promise.all(
    files.map(
      (file) =>
        import(new URL(file, folder).href) as Promise<{ probes: IsolationProbe[]; finalProbes?: IsolationProbe[] }>,
    ),
  );
  // Probes that end the attacker's session (erasure) run after all the others.
  return [...modules.flatMap((module) => module.probes), ...modules.flatMap((module) => module.finalProbes ?? [])];
}

let api: ApiUnderTest;
let world: IsolationWorld;
let probes: IsolationProbe[];
let routes: { key: string; access: string }[];
beforeAll(async () => {
  api = await startApi();
  world = await buildIsolationWorld(api.client);
  probes = await loadProbes();
  routes = apiRouteTable(createApiContext(api.app.services)).map((route) => ({
    key: `${route.method.toUpperCase()} ${route.path}`,
    access: route.access,
  }));
});
afterAll(() => api?.app.stop());

describe("tenant isolation coverage", () => {
  it("has an isolation probe for every authenticated route, and no probe for a route that does not exist", () => {
    const authenticated = routes.filter((route) => route.access !== "public").map((route) => route.key);
    const probed = probes.map((probe) => probe.route);
    expect(
      authenticated.filter((route) => !probed.includes(route)),
      "routes without an isolation probe",
    ).toEqual([]);
    expect(
      probed.filter((route) => !authenticated.includes(route)),
      "probes for unknown routes",
    ).toEqual([]);
  });

  it("acknowledges every public route explicitly", () => {
    const unauthenticated = routes.filter((route) => route.access === "public").map((route) => route.key);
    expect(unauthenticated.sort()).toEqual([...publicRoutes].sort());
  });

  it("answers every authenticated route without a token with 401 problem+json", async () => {
    const sample = (path: string) => path.replace(/:[A-Za-z]+/g, "00000000-0000-4000-8000-000000000000");
    const failures: string[] = [];
    for (const route of routes.filter((candidate) => candidate.access !== "public")) {
      const [method = "GET", path = "/"] = route.key.split(" ");
      const response = await api.client.send(
        method,
        sample(path),
        method === "GET" || method === "DELETE" ? {} : { body: {} },
      );
      if (response.status !== 401 || !response.headers.get("content-type")?.includes("problem+json"))
        failures.push(`${route.key}: ${response.status}`);
    }
    expect(failures).toEqual([]);
  });

  it("gives another organization's owner nothing from any route", async () => {
    const leaks: string[] = [];
    for (const probe of probes) {
      const response = await probe.attempt(world);
      const answer = withoutEchoedPath(response.text);
      const fingerprints = victimFingerprints(world).filter((fingerprint) => answer.includes(fingerprint));
      const statusOk = probe.expectation === "not-found" ? response.status === 404 : response.status < 300;
      if (!statusOk || fingerprints.length > 0)
        leaks.push(`${probe.route}: status ${response.status}, leaked ${fingerprints.join(", ") || "nothing"}`);
    }
    expect(leaks).toEqual([]);
  });
});

/** A problem's `instance` repeats the path the attacker asked for (ids they already hold): not a leak. */
function withoutEchoedPath(text: string): string {
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    if (parsed && typeof parsed === "object" && "instance" in parsed) delete parsed.instance;
    return JSON.stringify(parsed);
  } catch {
    return text;
  }
}
