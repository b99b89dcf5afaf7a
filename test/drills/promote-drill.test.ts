// `npm run drill -- promote`: lag is measured under writes, the primary dies, the replica is promoted and the app
// writes to it; no write acknowledged before the replica last caught up is lost, and the app on the lost primary
// survives it.
import { describe, expect, it } from "vitest";
import { failureReport, figure, runDrill } from "./run-drill.js";

describe("drill promote", () => {
  it("promotes a streaming replica after the primary's loss and the app writes to it", async () => {
    const run = await runDrill(["promote", "--write-seconds", "2"], 170_000);
    expect(run.code, failureReport(run)).toBe(0);
    expect(run.figures).toMatchObject({ drill: "promote", result: "pass", acked_writes_lost_before_safe_point: "0" });
    expect(figure(run, "writes_acked")).toBeGreaterThan(0);
    expect(figure(run, "lag_samples")).toBeGreaterThanOrEqual(3);
    expect(figure(run, "max_lag_bytes")).toBeGreaterThanOrEqual(0);
    expect(figure(run, "lag_bytes_before_loss")).toBeGreaterThanOrEqual(0);
    expect(figure(run, "acked_writes_lost")).toBeLessThanOrEqual(figure(run, "writes_acked"));
    expect(figure(run, "writes_after_promotion")).toBe(5);
    expect(figure(run, "time_to_writable_seconds")).toBeGreaterThan(figure(run, "promote_seconds"));
    expect(figure(run, "time_to_writable_seconds")).toBeLessThan(90);
    // A connection that dies while a request holds it must never end the process (decision 0040).
    expect(run.figures.old_app_survived_primary_loss, failureReport(run)).toBe("true");
  }, 180_000);
});
