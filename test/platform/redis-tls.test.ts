// rediss:// verifies the server: a TLS Redis whose certificate no trusted CA signed is never talked to, and the
// name checked is the URL's host (runbooks/decisions/0093-verified-tls.md).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../app/platform/logging/logger.js";
import { createMetrics } from "../../app/platform/metrics/metrics.js";
import { createRedisClient, redisTlsOptions } from "../../app/platform/redis/redis-client.js";

let server: tls.Server;
let port: number;
let handshakes = 0;

beforeAll(async () => {
  const folder = mkdtempSync(path.join(tmpdir(), "rusty-redis-tls-"));
  const [key, cert] = [path.join(folder, "key.pem"), path.join(folder, "cert.pem")];
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost",
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { stdio: "ignore" },
  );
  server = tls.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (socket) => {
    handshakes += 1;
    socket.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("Redis over TLS", () => {
  it("checks the certificate against the URL's host name and never accepts an unverified one", () => {
    expect(redisTlsOptions(new URL("rediss://primary.cache.example:6379"))).toEqual({
      servername: "primary.cache.example",
      rejectUnauthorized: true,
    });
  });

  it("refuses a server whose certificate no trusted CA signed", async () => {
    const client = createRedisClient(
      { url: `rediss://localhost:${port}`, keyPrefix: "tls-test:", commandTimeoutMs: 500 },
      createLogger("silent"),
      createMetrics(() => []),
    );
    try {
      const error = await new Promise<Error>((resolve) => client.once("error", resolve));
      expect(error.message).toMatch(/self[- ]signed certificate/);
      expect(handshakes).toBe(0); // the server never saw a completed handshake
    } finally {
      client.disconnect();
    }
  });
});
