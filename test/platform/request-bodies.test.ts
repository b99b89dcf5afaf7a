// Hostile request bodies against the real process: content codings that do not decode or are not supported
// are client errors (400, 415) in the error contract, never a 500; a small body that inflates past
// BODY_LIMIT_BYTES is a 413 and is never inflated whole; and after any refused body the keep-alive connection
// either keeps answering or is closed, never left hanging.
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { brotliCompressSync, createGzip, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProbeProcess, type ProbeProcess } from "../support/probe-process.js";
import { exchange, jsonBodyOf, rawRequest } from "../support/raw-http.js";

const bodyLimitBytes = 102_400;
let app: ProbeProcess;
beforeAll(async () => {
  app = await startProbeProcess({ BODY_LIMIT_BYTES: String(bodyLimitBytes) });
}, 30_000);
afterAll(() => {
  app?.child.kill("SIGKILL");
});

const json = { "content-type": "application/json" };
const signup = (headers: Record<string, string>, body: Buffer) =>
  fetch(`${app.baseUrl}/api/v1/auth/signup`, { method: "POST", headers: { ...json, ...headers }, body });

async function expectProblem(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  expect(await response.json()).toMatchObject({ status, code });
}

describe("compressed request bodies", () => {
  it.each(["gzip", "deflate", "br"])(
    "answers a body that is not really %s with 400 invalid_content_encoding",
    async (coding) => {
      const response = await signup({ "content-encoding": coding }, Buffer.from('{"email":"a@example.com"}'));
      await expectProblem(response, 400, "invalid_content_encoding");
    },
  );

  it("answers a truncated gzip body with 400 invalid_content_encoding", async () => {
    const gzipped = gzipSync(Buffer.from(JSON.stringify({ name: randomBytes(2000).toString("hex") })));
    const truncated = gzipped.subarray(0, Math.floor(gzipped.length / 2));
    await expectProblem(await signup({ "content-encoding": "gzip" }, truncated), 400, "invalid_content_encoding");
  });

  it.each([
    ["gzip", gzipSync],
    ["DEFLATE", deflateSync],
    ["br", brotliCompressSync],
    ["x-gzip", gzipSync],
  ] as const)(
    "decodes a real %s body (codings are case-insensitive) and validates what it carries",
    async (coding, encode) => {
      // A fresh invalid address each time: the per-account signup limit counts attempts per email, across runs.
      const body = JSON.stringify({ email: `not-an-email-${randomUUID()}` });
      const response = await signup({ "content-encoding": coding }, encode(Buffer.from(body)));
      await expectProblem(response, 400, "validation_failed");
    },
  );

  it.each(["zstd", "compress", "gzip, br", "gzip;q=1"])(
    "answers the unsupported coding %j with 415 unsupported_content_encoding naming the accepted ones",
    async (coding) => {
      const response = await signup({ "content-encoding": coding }, Buffer.from("{}"));
      expect(response.headers.get("accept-encoding")).toBe("gzip, deflate, br");
      await expectProblem(response, 415, "unsupported_content_encoding");
    },
  );

  it("refuses a small gzip that inflates past BODY_LIMIT_BYTES with 413, without inflating it whole", async () => {
    const inflatedBytes = 64 * 1024 * 1024;
    const bomb = await gzipOfZeros(inflatedBytes);
    expect(bomb.length).toBeLessThan(bodyLimitBytes);
    const peakBefore = peakResidentBytes(app.child.pid as number);
    const response = await signup({ "content-encoding": "gzip" }, bomb);
    await expectProblem(response, 413, "payload_too_large");
    // Inflated whole, 64 MiB of body (plus its string copy) would raise the process's peak memory by far more.
    expect(peakResidentBytes(app.child.pid as number) - peakBefore).toBeLessThan(24 * 1024 * 1024);
  });
});

describe("the keep-alive connection after a refused body", () => {
  const nextRequest = rawRequest("GET", "/live", {});
  const largeBody = Buffer.from(JSON.stringify({ filler: "x".repeat(200 * 1024) }));

  // Each case sends a refused ~200 KB body and then a second request on the same connection: the second must
  // be answered, or the connection closed; a connection that silently stops being read fails the case.
  it.each([
    ["gzip that is not gzip", { "content-type": "application/json", "content-encoding": "gzip" }, largeBody, 400],
    ["JSON above the limit, with Content-Length", { "content-type": "application/json" }, largeBody, 413],
    [
      "JSON above the limit, chunked",
      { "content-type": "application/json", "transfer-encoding": "chunked" },
      chunked(largeBody),
      413,
    ],
    ["a type that is not JSON", { "content-type": "text/plain" }, largeBody, 415],
    ["an unsupported coding", { "content-type": "application/json", "content-encoding": "zstd" }, largeBody, 415],
  ] as const)(
    "after %s the next request is answered or the connection closed",
    async (_label, headers, body, status) => {
      const first = rawRequest("POST", "/api/v1/auth/signup", headers, body);
      const result = await exchange(app.port, [first, nextRequest], { expectResponses: 2, timeoutMs: 5000 });
      expect(result.statuses.length === 2 || result.closed, "second request neither answered nor closed").toBe(true);
      expect(result.statuses[0], result.text.slice(0, 300)).toBe(status);
      expect(jsonBodyOf(result.text)).toMatchObject({ status });
      if (result.statuses.length === 2) expect(result.statuses[1]).toBe(200);
    },
  );

  it("stays usable after a small gzip bomb", async () => {
    const bomb = await gzipOfZeros(8 * 1024 * 1024);
    const first = rawRequest("POST", "/api/v1/auth/signup", { ...json, "content-encoding": "gzip" }, bomb);
    const result = await exchange(app.port, [first, nextRequest], { expectResponses: 2, timeoutMs: 5000 });
    expect(result.statuses.length === 2 || result.closed, "second request neither answered nor closed").toBe(true);
    expect(result.statuses[0]).toBe(413);
  });
});

function chunked(body: Buffer): Buffer {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < body.length; offset += 16 * 1024) {
    const part = body.subarray(offset, offset + 16 * 1024);
    chunks.push(Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from("\r\n"));
  }
  return Buffer.concat([...chunks, Buffer.from("0\r\n\r\n")]);
}

/** A gzip member of `size` zero bytes, built by streaming so the test itself never holds the inflated form. */
async function gzipOfZeros(size: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on("data", (part: Buffer) => parts.push(part));
  const done = new Promise((resolve) => gzip.on("end", resolve));
  const block = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < size; written += block.length) {
    if (!gzip.write(block)) await new Promise((resolve) => gzip.once("drain", resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(parts);
}

/** The process's peak resident memory so far (VmHWM, Linux). */
function peakResidentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
}
