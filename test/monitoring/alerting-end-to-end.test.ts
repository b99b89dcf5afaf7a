// The monitoring stack for real, on loopback: the API (real PostgreSQL and Redis) scraped by Debian's Prometheus
// running the committed rules, alerts routed by Alertmanager with the committed routing to a webhook. Every
// duration in the rules and the routing is divided by 60 (1h → 60 s, `for: 2m` → 2 s), nothing else changes.
// Proves: every rule loads and evaluates healthy; the Watchdog reaches the dead-man's receiver; the database
// becoming unreachable under traffic pages with the availability burn-rate alert; it resolves after recovery;
// a target down inhibits its symptoms.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { stringify } from "yaml";
import {
  ruleFileNames,
  rulesDir,
  monitoringRoot,
  alertRules,
  recordRules,
} from "../../monitoring/support/rule-catalog.js";
import { ApiClient } from "../support/api-client.js";
import { signUp } from "../support/api-world.js";
import { freePort } from "../support/app-process.js";
import { startTestApp, type AppUnderTest } from "../support/app-under-test.js";
import { alertmanagerConfigForTest, compressRuleFile } from "../support/compressed-time.js";
import { getJson, ServerProcess, WebhookReceiver } from "../support/monitoring-servers.js";
import { waitFor } from "../support/polling.js";
import { TcpProxy } from "../support/tcp-proxy.js";

const factor = 60;
const timings: Record<string, number> = {};

// Every wait below has its own bound; the test's bound covers their sum on a loaded machine.
describe("alerting end to end on real Prometheus and Alertmanager", { timeout: 120_000 }, () => {
  const proxy = TcpProxy.forUrl(inject("databaseUrl"), 5432);
  const webhook = new WebhookReceiver();
  const dir = mkdtempSync(path.join(tmpdir(), "rusty-monitoring-"));
  let app: AppUnderTest;
  let prometheus: ServerProcess | undefined;
  let alertmanager: ServerProcess | undefined;
  let prometheusUrl = "";
  let alertmanagerUrl = "";
  let traffic: { stop: () => Promise<number[]> } | undefined;
  const startedAt = Date.now();

  beforeAll(async () => {
    await proxy.start();
    await webhook.start();
    app = await startTestApp({
      DATABASE_URL: proxy.urlFor(inject("databaseUrl")),
      DATABASE_CONNECT_TIMEOUT_MS: "500",
      LOG_LEVEL: "warn",
    });
    const [prometheusPort, alertmanagerPort] = [await freePort(), await freePort()];
    prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
    alertmanagerUrl = `http://127.0.0.1:${alertmanagerPort}`;
    for (const file of ruleFileNames())
      writeFileSync(path.join(dir, file), compressRuleFile(readFileSync(path.join(rulesDir, file), "utf8"), factor));
    writeFileSync(
      path.join(dir, "alertmanager.yml"),
      alertmanagerConfigForTest(
        readFileSync(path.join(monitoringRoot, "alertmanager.yml"), "utf8"),
        factor,
        `http://127.0.0.1:${webhook.port}`,
      ),
    );
    writeFileSync(
      path.join(dir, "prometheus.yml"),
      stringify({
        global: { scrape_interval: "1s", scrape_timeout: "900ms", evaluation_interval: "1s" },
        rule_files: ruleFileNames(),
        alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${alertmanagerPort}`] }] }] },
        scrape_configs: [
          {
            job_name: "api",
            static_configs: [{ targets: [`127.0.0.1:${app.metricsPort}`], labels: { environment: "e2e" } }],
          },
        ],
      }),
    );
    alertmanager = ServerProcess.start("prometheus-alertmanager", "prometheus-alertmanager", [
      `--config.file=${path.join(dir, "alertmanager.yml")}`,
      `--storage.path=${path.join(dir, "alertmanager-data")}`,
      `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
      "--cluster.listen-address=",
      "--log.level=warn",
    ]);
    prometheus = ServerProcess.start("prometheus", "prometheus", [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "prometheus-data")}`,
      `--web.listen-address=127.0.0.1:${prometheusPort}`,
      "--rules.alert.resend-delay=1s",
      "--log.level=warn",
    ]);
    await waitFor(async () => (await fetch(`${alertmanagerUrl}/-/ready`)).ok, 15_000).catch(() => {
      throw new Error(`Alertmanager did not start:\n${alertmanager?.logs()}`);
    });
    await waitFor(async () => (await fetch(`${prometheusUrl}/-/ready`)).ok, 15_000).catch(() => {
      throw new Error(`Prometheus did not start:\n${prometheus?.logs()}`);
    });
  });

  afterAll(async () => {
    await traffic?.stop();
    await Promise.allSettled([prometheus?.stop(), alertmanager?.stop()]);
    await app?.stop();
    await proxy.stop();
    await webhook.stop();
    rmSync(dir, { recursive: true, force: true });
    console.log(`alerting end to end (ms): ${JSON.stringify(timings)}`);
  });

  it("loads every committed rule and evaluates each one healthy", async () => {
    const expected = alertRules().length + recordRules().length;
    type Rules = { data: { groups: { rules: { name: string; health: string; lastError?: string }[] }[] } };
    let rules: Rules["data"]["groups"][number]["rules"] = [];
    await waitFor(async () => {
      rules = (await getJson<Rules>(`${prometheusUrl}/api/v1/rules`)).data.groups.flatMap((g) => g.rules);
      return rules.length === expected && rules.every((rule) => rule.health === "ok");
    }, 20_000).catch(() => {
      throw new Error(
        `rules not all healthy: ${JSON.stringify(rules.filter((r) => r.health !== "ok"))}\n${prometheus?.logs()}`,
      );
    });
    timings.rulesHealthy = Date.now() - startedAt;
  });

  it("delivers the Watchdog to the dead-man's-switch receiver, and only there", async () => {
    await waitFor(async () => webhook.find("deadman", (a) => a.labels.alertname === "Watchdog") !== undefined, 20_000);
    timings.watchdogDelivered = Date.now() - startedAt;
    const elsewhere = webhook.notifications.filter(
      (n) => n.receiver !== "deadman" && n.alerts.some((a) => a.labels.alertname === "Watchdog"),
    );
    expect(elsewhere).toEqual([]);
  });

  it("pages with ApiAvailabilityErrorBudgetBurn when the database becomes unreachable under traffic, and resolves after recovery", async () => {
    const owner = await signUp(new ApiClient(app.baseUrl), "alerting");
    const client = new ApiClient(app.baseUrl, owner.accessToken);
    traffic = startTraffic(client);
    // A clean baseline: the availability ratio is recorded, and zero.
    await waitFor(
      async () => (await instant(prometheusUrl, 'slo:error_ratio:rate5m{slo="availability"} == 0')) > 0,
      20_000,
    );

    const burning = (a: { labels: Record<string, string> }) =>
      a.labels.alertname === "ApiAvailabilityErrorBudgetBurn" && a.labels.long_window === "1h";
    const faultAt = Date.now();
    await proxy.stop();
    await waitFor(
      async () => webhook.find("page", (a) => burning(a) && a.status === "firing", faultAt) !== undefined,
      30_000,
    ).catch(() => {
      throw new Error(
        `no page within 30 s of the fault; notifications: ${JSON.stringify(webhook.notifications.map((n) => [n.receiver, n.status, n.alerts.map((a) => a.labels.alertname)]))}`,
      );
    });
    timings.faultToPage = Date.now() - faultAt;
    const page = webhook.find("page", (a) => burning(a) && a.status === "firing", faultAt)!;
    const alert = page.alerts.find(burning)!;
    expect(alert.labels).toMatchObject({ severity: "page", slo: "availability", environment: "e2e", job: "api" });
    expect(alert.annotations.runbook_url).toBe("runbooks/alerts/ApiAvailabilityErrorBudgetBurn.md");
    expect(webhook.find("ticket", burning, faultAt)).toBeUndefined();

    const recoveredAt = Date.now();
    await proxy.start();
    await waitFor(async () => (await fetch(`${app.baseUrl}/ready`)).status === 200, 10_000);
    await waitFor(
      async () => webhook.find("page", (a) => burning(a) && a.status === "resolved", recoveredAt) !== undefined,
      40_000,
    );
    timings.recoveryToResolved = Date.now() - recoveredAt;
    const statuses = await traffic.stop();
    traffic = undefined;
    expect(statuses.filter((s) => s === 503).length, "the fault answered 503s").toBeGreaterThan(10);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(10);
  });

  it("inhibits a down target's symptoms in Alertmanager", async () => {
    const labels = { environment: "e2e", job: "api", instance: "10.9.9.9:9464" };
    const post = await fetch(`${alertmanagerUrl}/api/v2/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([
        { labels: { ...labels, alertname: "ApiTargetDown", severity: "page" } },
        { labels: { ...labels, alertname: "ApiHeapNearLimit", severity: "ticket" } },
        { labels: { ...labels, instance: "10.9.9.8:9464", alertname: "ApiHeapNearLimit", severity: "ticket" } },
      ]),
    });
    expect(post.ok).toBe(true);
    type Alert = { labels: Record<string, string>; status: { inhibitedBy: string[] } };
    let heap: Alert[] = [];
    await waitFor(async () => {
      heap = await getJson<Alert[]>(`${alertmanagerUrl}/api/v2/alerts?filter=alertname%3D%22ApiHeapNearLimit%22`);
      return heap.length === 2 && heap.some((a) => a.status.inhibitedBy.length > 0);
    }, 10_000);
    const inhibited = Object.fromEntries(heap.map((a) => [a.labels.instance, a.status.inhibitedBy.length > 0]));
    expect(inhibited).toEqual({ "10.9.9.9:9464": true, "10.9.9.8:9464": false });
    timings.total = Date.now() - startedAt;
    expect(timings.total).toBeLessThan(60_000);
  });
});

/** Two clients reading cases in a loop until stopped; returns every status seen. */
function startTraffic(client: ApiClient): { stop: () => Promise<number[]> } {
  const statuses: number[] = [];
  let running = true;
  const loop = async () => {
    while (running) {
      statuses.push((await client.get("/cases").catch(() => ({ status: 0 }))).status);
      await sleep(40);
    }
  };
  const loops = [loop(), loop()];
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return statuses;
    },
  };
}

async function instant(prometheusUrl: string, query: string): Promise<number> {
  type Result = { data: { result: unknown[] } };
  const body = await getJson<Result>(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  return body.data.result.length;
}
