// Routes the platform tests mount in place of the API: they exercise the database session (which pool served
// a read), logging of sensitive input, an unexpected exception and a slow request.
import { setTimeout as sleep } from "node:timers/promises";
import Router from "@koa/router";
import type { AppState } from "../../app/platform/http/app-state.js";

export function probeRoutes(): Router<AppState>[] {
  const router = new Router<AppState>({ prefix: "/probe" });
  router.get("/read", async (ctx) => {
    ctx.body = await ctx.state.db.read(
      async (db) => (await db.query("SELECT current_setting('application_name') AS pool")).rows[0],
    );
  });
  router.post("/write-then-read", async (ctx) => {
    await ctx.state.db.transaction((db) => db.query("SELECT 1"));
    ctx.body = await ctx.state.db.read(
      async (db) => (await db.query("SELECT current_setting('application_name') AS pool")).rows[0],
    );
  });
  router.post("/echo", (ctx) => {
    // Deliberately careless logging: redaction must still keep secrets out.
    ctx.state.log.info({ body: ctx.request.body, headers: ctx.headers }, "echo");
    ctx.status = 204;
  });
  router.get("/boom", () => {
    throw new Error("internal detail: connection string postgres://admin:pw@10.0.0.5/db");
  });
  router.get("/slow", async (ctx) => {
    await sleep(Number(ctx.query.ms ?? 500));
    ctx.body = { slept: true };
  });
  router.get("/orders/:orderId", (ctx) => {
    ctx.body = { id: ctx.params.orderId };
  });
  return [router];
}
