// Routes the platform tests mount in place of the API: they exercise the database session (which pool served
// a read), logging of sensitive input, an unexpected exception, a slow request, and transactions a test can
// find in pg_stat_activity (by a marker in their SQL) to break their connection at a chosen moment.
import { setTimeout as sleep } from "node:timers/promises";
import Router from "@koa/router";
import type { Executor } from "../../app/platform/database/database.js";
import { AppError } from "../../app/platform/errors/app-error.js";
import type { AppContext, AppState } from "../../app/platform/http/app-state.js";

/** Markers and table names are embedded in SQL text (so pg_stat_activity shows them): only this shape passes. */
const sqlWord = /^[a-z0-9_]{1,60}$/;

function sqlWordParam(ctx: AppContext, name: string): string {
  const value = String(ctx.query[name] ?? "");
  if (!sqlWord.test(value))
    throw new AppError("validation_failed", { fields: [{ field: name, message: `${sqlWord}` }] });
  return value;
}

/** Runs the marked statement, idles in the transaction for `ms` (the connection is checked out, no query runs). */
async function holdMarked(db: Executor, marker: string, ms: number): Promise<number> {
  await db.query(`SELECT 'hold_${marker}' AS marker`);
  await sleep(ms);
  return (await db.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid ?? 0;
}

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
  router.get("/hold", async (ctx) => {
    const marker = sqlWordParam(ctx, "marker");
    const ms = Number(ctx.query.ms ?? 500);
    ctx.body = { pid: await ctx.state.db.readPrimary((db) => holdMarked(db, marker, ms)) };
  });
  router.post("/hold", async (ctx) => {
    const [marker, table] = [sqlWordParam(ctx, "marker"), sqlWordParam(ctx, "table")];
    const ms = Number(ctx.query.ms ?? 500);
    ctx.body = {
      pid: await ctx.state.db.transaction(async (db) => {
        await db.query(`INSERT INTO ${table} (key) VALUES ($1)`, [marker]);
        return holdMarked(db, marker, ms);
      }),
    };
    ctx.status = 201;
  });
  router.get("/marked-read", async (ctx) => {
    const marker = sqlWordParam(ctx, "marker");
    ctx.body = await ctx.state.db.readPrimary(
      async (db) => (await db.query(`SELECT 'read_${marker}' AS marker`)).rows[0],
    );
  });
  router.get("/statement-timeout", async (ctx) => {
    ctx.body = await ctx.state.db.readPrimary(async (db) => {
      await db.query("SET LOCAL statement_timeout = '50ms'");
      return (await db.query("SELECT pg_sleep(1)")).rows[0];
    });
  });
  router.post("/insert", async (ctx) => {
    const [key, table] = [sqlWordParam(ctx, "key"), sqlWordParam(ctx, "table")];
    await ctx.state.db.transaction((db) => db.query(`INSERT INTO ${table} (key) VALUES ($1)`, [key]));
    ctx.status = 201;
    ctx.body = { key };
  });
  router.get("/orders/:orderId", (ctx) => {
    ctx.body = { id: ctx.params.orderId };
  });
  return [router];
}
