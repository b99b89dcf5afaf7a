// The baselines the API is measured against, each started in its own process by run-bench.ts exactly as the API
// is (NODE_ENV=production, its own port): what a bare Koa handler does with the same database work and nothing
// else. No middleware, no authentication, no row-level security (it connects as the bench database's owner).
//   hello  Koa answering "hello world": what this machine and Node can do at all
//   read   one pooled SELECT of a case by id, the API's own statement
//   list   the API's first-page statement (50 cases, newest first)
//   write  one transaction: the API's insert of a case under the next reference, its audit row, COMMIT
// Run with plain `node` (type stripping): nothing here needs compiling, so it starts like the compiled API.
import Koa from "koa";
import pg from "pg";

const kind = process.argv[2];
const port = Number(process.env.PORT);
const organizationId = process.env.BENCH_ORGANIZATION_ID ?? "";
const userId = process.env.BENCH_USER_ID ?? "";
const caseId = process.env.BENCH_CASE_ID ?? "";

// The API's column list and statements (app/features/cases/case-repository.ts, app/api/audit-trail.ts).
const columns = `id, reference, title, description, status, priority, assignee_id, created_by, version, created_at, updated_at,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at`;
const readStatement = `SELECT ${columns} FROM cases WHERE organization_id = $1 AND id = $2 AND deleted_at IS NULL`;
const listStatement = `SELECT ${columns} FROM cases WHERE organization_id = $1 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT $2`;
const insertStatement = `WITH taken AS (
       UPDATE organizations SET next_case_reference = next_case_reference + 1 WHERE id = $1
       RETURNING next_case_reference - 1 AS reference
     )
     INSERT INTO cases (organization_id, reference, title, description, status, priority, assignee_id, created_by)
     SELECT $1::uuid, taken.reference, $2::text, coalesce($3::text, ''), coalesce($4::text, 'open'), coalesce($5::text, 'normal'),
       $6::uuid, $7::uuid
     FROM taken RETURNING ${columns}`;
const auditStatement = `INSERT INTO audit_events (organization_id, actor_id, action, target_type, target_id, request_id, client_ip, metadata)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_MAX ?? 10),
  keepAlive: true,
});

async function readBody(req: NodeJS.ReadableStream): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

type Handler = (ctx: Koa.Context) => Promise<void> | void;

const handlers: Record<string, Handler> = {
  hello: (ctx) => {
    ctx.body = "hello world";
  },
  read: async (ctx) => {
    const { rows } = await pool.query(readStatement, [organizationId, caseId]);
    ctx.body = rows[0];
  },
  list: async (ctx) => {
    const { rows } = await pool.query(listStatement, [organizationId, 51]);
    ctx.body = { items: rows.slice(0, 50) };
  },
  write: async (ctx) => {
    const input = (await readBody(ctx.req)) as { title: string; description?: string; priority?: string };
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const { rows } = await client.query(insertStatement, [
        organizationId,
        input.title,
        input.description ?? null,
        null,
        input.priority ?? null,
        null,
        userId,
      ]);
      const created = rows[0] as { id: string };
      await client.query(auditStatement, [
        organizationId,
        userId,
        "case.created",
        "case",
        created.id,
        "floor",
        "127.0.0.1",
        {},
      ]);
      await client.query("COMMIT");
      ctx.status = 201;
      ctx.body = created;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  },
};

const handler = kind ? handlers[kind] : undefined;
if (!handler) {
  process.stderr.write(`usage: node bench/floor-server.ts ${Object.keys(handlers).join("|")} (PORT set)\n`);
  process.exit(2);
}
const app = new Koa();
// run-bench.ts waits for /ready before it measures, as it does for the API.
app.use((ctx, next) => {
  if (ctx.path !== "/ready") return next();
  ctx.body = "ready";
});
app.use(handler);
const server = app.listen(port, "127.0.0.1");
process.once("SIGTERM", () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
