// Requests generated from the API's own OpenAPI document, for every operation, by fast-check: wrong types,
// missing and extra fields, huge and unicode strings, prototype keys, odd numbers, garbage path, query and
// header values, bad and foreign tokens, other tenants' real ids, wrong content types and codings, oversized
// and malformed bodies. Every answer must pass the oracle (fuzz-oracle.ts), and the other tenant's data must be
// exactly as it was. The seed is printed; FUZZ_SEED=<seed> replays the same requests.
import { randomInt } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiUnderTest } from "../support/api-app.js";
import { buildFuzzWorld, createTenant, type FuzzWorld } from "./fuzz-world.js";
import { describeExchange, violationsOf, type Exchange } from "./fuzz-oracle.js";
import { FuzzFigures } from "./fuzz-figures.js";
import { operationsOf, type OpenApiDocument, type Operation } from "./openapi-operations.js";
import { requestArbitrary, type FuzzRequest } from "./request-arbitraries.js";
import { tenantSnapshot } from "./tenant-snapshot.js";

const seed = Number(process.env.FUZZ_SEED ?? randomInt(2 ** 31 - 1));
const minimumRequests = 5000;
const batchSize = 8;
const runs = Math.ceil(5200 / batchSize);
const bodyLimitBytes = 102_400;

let api: ApiUnderTest;
let world: FuzzWorld;
let operations: Operation[];
beforeAll(async () => {
  // Behind a load balancer, as in production: the client address is the last X-Forwarded-For hop.
  api = await startApi({ LOG_LEVEL: "warn", BODY_LIMIT_BYTES: String(bodyLimitBytes), TRUST_PROXY: "true" });
  world = await buildFuzzWorld(api.client, api.app.services.config);
  const document = (await (await fetch(`${api.app.baseUrl}/api/v1/openapi.json`)).json()) as OpenApiDocument;
  operations = operationsOf(document);
}, 60_000);
afterAll(() => api?.app.stop());

/**
 * The address the load balancer would append: this run's own, so its thousands of requests never fill the
 * rate-limit window other suites share in Redis under 127.0.0.1.
 */
const clientAddress = `198.19.${randomInt(256)}.${randomInt(256)}`;

async function send(request: FuzzRequest): Promise<Exchange> {
  const forwarded = request.headers["x-forwarded-for"];
  const headers = {
    ...request.headers,
    "x-forwarded-for": forwarded ? `${forwarded}, ${clientAddress}` : clientAddress,
  };
  try {
    const response = await fetch(`${api.app.baseUrl}${request.url}`, {
      method: request.method,
      headers,
      ...(request.body ? { body: request.body } : {}),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    return { request, status: response.status, contentType: response.headers.get("content-type") ?? "", text };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      request,
      status: 0,
      contentType: "",
      text: "",
      failure: `${(error as Error).message} ${cause?.code ?? cause?.message ?? ""}`,
    };
  }
}

/** For a 5xx, what the server logged about that request (its id is in the problem document), to find the cause. */
function serverLines(exchange: Exchange): string {
  if (exchange.status < 500) return "";
  const requestId = /"requestId":"([^"]+)"/.exec(exchange.text)?.[1];
  const lines = requestId ? api.app.logs.filter((line) => line.includes(requestId)) : [];
  return lines.map((line) => `\n    server: ${line.slice(0, 2000)}`).join("");
}

/** A request may erase the attacker (DELETE /me once they are no longer needed as last owner): start a new one. */
async function replaceAttackerIfErased(exchanges: Exchange[]): Promise<void> {
  const erased = exchanges.some(
    (exchange) =>
      exchange.request.operation === "DELETE /api/v1/me" &&
      exchange.request.method === "DELETE" &&
      exchange.status === 204,
  );
  if (erased && (await api.client.as(world.attacker.organization.owner.accessToken).get("/me")).status === 401)
    world.attacker = await createTenant(api.client, "attacker");
}

describe("requests generated from the OpenAPI document", () => {
  it(`answers at least ${minimumRequests} of them inside the error contract, with nothing of another tenant`, async () => {
    console.info(`fuzz seed ${seed} (replay: FUZZ_SEED=${seed} npx vitest run test/fuzz)`);
    const figures = new FuzzFigures();
    const context = { victimFingerprints: world.victimFingerprints, secrets: world.secrets };
    const victimBefore = await tenantSnapshot(api.client, world.victim);
    const request = fc
      .constantFrom(...operations)
      .chain((operation) => requestArbitrary(operation, world, bodyLimitBytes));
    const batch = fc.array(request, { minLength: batchSize, maxLength: batchSize });
    const property = fc.asyncProperty(batch, async (requests) => {
      const exchanges = await Promise.all(requests.map(send));
      figures.record(exchanges);
      await replaceAttackerIfErased(exchanges);
      const violations = exchanges.flatMap((exchange) =>
        violationsOf(exchange, context).map(
          (violation) => `${violation}\n    ${describeExchange(exchange)}${serverLines(exchange)}`,
        ),
      );
      if (violations.length > 0) throw new Error(violations.join("\n"));
    });
    // No shrinking: each failure names its exact requests, and the seed replays the whole run.
    const details = await fc.check(property, { seed, numRuns: runs, endOnFailure: true });
    console.info(figures.report(operations.map((operation) => operation.key)));
    if (details.failed) {
      const cause = (details.errorInstance as Error | undefined)?.message ?? String(details.errorInstance);
      throw new Error(
        `fuzz seed ${seed} failed after ${details.numRuns} batches (FUZZ_SEED=${seed} replays it):\n${cause}`,
      );
    }
    expect(figures.requests).toBeGreaterThanOrEqual(minimumRequests);
    expect(figures.operationsCovered()).toEqual(operations.map((operation) => operation.key).sort());
    expect(await tenantSnapshot(api.client, world.victim)).toEqual(victimBefore);
  }, 240_000);
});
