// The committed dashboard JSON is exactly what the TypeScript builds, and each dashboard is sound for Grafana:
// its fixed uid, unique panel ids, every panel on a Prometheus query over the chosen data source.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dashboardDocuments, dashboardJsonDir } from "./build-dashboards.js";
import { dashboardUids } from "./dashboard-uids.js";

const documents = dashboardDocuments();

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: { expr: string }[];
}

describe("Grafana dashboards", () => {
  it("committed JSON equals the build (run npm run monitoring:build after changing a dashboard)", () => {
    expect(readdirSync(dashboardJsonDir).sort()).toEqual(
      Object.keys(documents)
        .map((key) => `${key}.json`)
        .sort(),
    );
    for (const [key, json] of Object.entries(documents))
      expect(readFileSync(path.join(dashboardJsonDir, `${key}.json`), "utf8"), key).toBe(json);
  });

  it.each(Object.entries(documents))("%s has its uid, unique panel ids and a query on every panel", (key, json) => {
    const dashboard = JSON.parse(json) as { uid: string; panels: Panel[] };
    expect(dashboard.uid).toBe(dashboardUids[key as keyof typeof dashboardUids]);
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels.filter((p) => p.type !== "row")) {
      expect(panel.datasource?.uid, panel.title).toBe("${datasource}");
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expect(target.expr.length, panel.title).toBeGreaterThan(0);
    }
  });
});
