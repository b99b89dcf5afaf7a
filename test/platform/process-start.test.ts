// The process as an operator runs it: a bad setting exits 1 naming the variable (never its value); with no
// servers configured it starts on the embedded database and serves /ready and /metrics.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, spawnEntry, waitUntilReady } from "../support/app-process.js";

describe("starting the process", () => {
  it("exits 1 naming DATABASE_PASSWORD_FILE when that file does not exist", async () => {
    const started = spawnEntry("app/main.ts", { DATABASE_PASSWORD_FILE: "/nonexistent" });
    const exit = await started.exited;
    expect(exit.code).toBe(1);
    expect(started.output()).toContain("DATABASE_PASSWORD_FILE: cannot read /nonexistent (ENOENT)");
    expect(started.output()).not.toMatch(/\n\s+at /);
  });

  it("lists every bad variable and never prints a secret's value", async () => {
    const secret = "too-short-secret";
    const started = spawnEntry("app/main.ts", { JWT_SECRET: secret, PORT: "http", NODE_ENV: "staging" });
    expect((await started.exited).code).toBe(1);
    const lines = started.output().trim().split("\n");
    expect(lines[0]).toBe("Invalid configuration:");
    expect(lines.slice(1).map((line) => line.trim().split(":")[0])).toEqual(["- NODE_ENV", "- PORT", "- JWT_SECRET"]);
    expect(started.output()).not.toContain(secret);
  });

  describe("with no DATABASE_URL and no REDIS_URL", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "rusty-embedded-"));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    // A new user's machine answers in ~4 s (README's promise is 10 s). Here it starts through tsx and PGlite's
    // WebAssembly beside the whole parallel suite on 2 cores, where 20 s was seen exceeded; this test checks the
    // behaviour with a generous bound, and the start time itself is a figure of `npm run bench`, not an assertion.
    it("runs on the embedded database: /ready promptly, metrics on METRICS_PORT, SIGTERM exits 0", async () => {
      const [port, metricsPort] = [await freePort(), await freePort()];
      const started = spawnEntry("app/main.ts", {
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        HOST: "127.0.0.1",
        EMBEDDED_DATABASE_DIR: dataDir,
        SHUTDOWN_DRAIN_SECONDS: "0",
      });
      try {
        await waitUntilReady(port, 60_000);
        const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        expect(metrics).toContain(
          'http_request_duration_seconds_bucket{le="0.3",method="GET",route="/ready",status="200"}',
        );
        const firstLines = started.output().split("\n").slice(0, 3).join("\n");
        expect(firstLines).toContain("embedded PGlite database");
        started.child.kill("SIGTERM");
        expect((await started.exited).code).toBe(0);
      } finally {
        started.child.kill("SIGKILL");
      }
    }, 90_000);
  });
});
