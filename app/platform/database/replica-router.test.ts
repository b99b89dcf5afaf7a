import type pg from "pg";
import { describe, expect, it } from "vitest";
import { ReplicaRouter } from "./replica-router.js";

const pool = {} as pg.Pool;

describe("ReplicaRouter", () => {
  it("spreads reads over healthy replicas in turn", () => {
    const router = new ReplicaRouter(
      [
        { name: "a", pool },
        { name: "b", pool },
      ],
      1000,
    );
    expect([router.pick()?.name, router.pick()?.name, router.pick()?.name]).toEqual(["a", "b", "a"]);
  });

  it("rests a failed replica for the retry period, then tries it again", () => {
    let now = 0;
    const router = new ReplicaRouter(
      [
        { name: "a", pool },
        { name: "b", pool },
      ],
      1000,
      () => now,
    );
    router.markFailed("a");
    expect([router.pick()?.name, router.pick()?.name]).toEqual(["b", "b"]);
    now = 1001;
    expect(new Set([router.pick()?.name, router.pick()?.name])).toEqual(new Set(["a", "b"]));
  });

  it("reports a resting replica as unhealthy when none is left, so the read goes to the primary", () => {
    const router = new ReplicaRouter([{ name: "a", pool }], 1000, () => 0);
    router.markFailed("a");
    expect(router.pick()).toMatchObject({ name: "a", healthy: false });
  });

  it("has nothing to pick without replicas", () => {
    expect(new ReplicaRouter([], 1000).pick()).toBeUndefined();
  });
});
