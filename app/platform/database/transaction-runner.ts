// One transaction on one connection, and the single retry a dead connection earns
// (runbooks/decisions/0040-retry-on-a-dead-connection.md).
//
// A failed attempt is repeated once, on a new connection, only when repeating it cannot apply anything twice:
//   - the connection died (isDeadConnectionError): never for a timeout or a statement error;
//   - the attempt had its connection: failing to connect means the server is unreachable, and the caller
//     answers 503 at once rather than knocking again;
//   - a read-only transaction changed nothing, so it may be repeated whatever point it reached;
//   - a read-write transaction only while COMMIT had not been handed to the connection: PostgreSQL rolls back a
//     transaction whose session ends without COMMIT, so nothing of the first attempt can remain. Once COMMIT
//     was sent the outcome is unknown, and the failure goes back to the caller (a 503), never repeated.
// A connection whose prepared statement went stale (a migration changed the columns it returns; decision 0103)
// is treated as dead: discarded, and the transaction repeated on a fresh connection under the same rules.
// The retry's connection is opened outside the pool, because after a failover or a mass termination the pool's
// idle connections may be dead without knowing it yet. Each retry follows the death of one pooled connection,
// so there are never more retry connections at once than the pool's size.
//
// The happy path costs no round trip: BEGIN (with the opening), the work, COMMIT, as without retries. The pool's
// connections pipeline (decision 0100): a read-only transaction's COMMIT is sent and the connection handed back
// without waiting for its answer, since the next statements on it queue behind the COMMIT and a read-only
// transaction has nothing to lose if it never arrives; with `pipelineWork` the work's first statements follow
// the opening without waiting for it either. A read under row-level security is then one round trip.
import type pg from "pg";
import { isConnectionError, isDeadConnectionError } from "./connection-errors.js";
import type { Executor, Statement, TransactionOptions, TransactionWork } from "./database.js";
import { poolClientClass } from "./pool-factory.js";
import { isStalePreparedStatementError, preparingExecutor } from "./prepared-statements.js";

export type AccessMode = "READ ONLY" | "READ WRITE";
export type RetryOutcome = "succeeded" | "failed";

/** Counts retries of one pool (the metric lives in platform/metrics). */
export type RetryCounter = (mode: AccessMode, outcome: RetryOutcome) => void;

interface Progress {
  connected: boolean;
  commitSent: boolean;
}

/** The connection of one attempt, and how to let go of it: back to the pool, or closed. */
interface Lease {
  client: pg.ClientBase;
  release(broken?: Error): void;
}

export async function runTransaction<T>(
  pool: pg.Pool,
  mode: AccessMode,
  work: TransactionWork<T>,
  options: TransactionOptions,
  countRetry: RetryCounter,
): Promise<T> {
  const progress: Progress = { connected: false, commitSent: false };
  try {
    return await attempt(leaseFromPool(pool), mode, work, options, progress);
  } catch (error) {
    if (!progress.connected || !(isDeadConnectionError(error) || isStalePreparedStatementError(error))) throw error;
    if (mode === "READ WRITE" && progress.commitSent) throw error;
  }
  try {
    const fresh = { connected: false, commitSent: false };
    const result = await attempt(openFreshConnection(pool), mode, work, options, fresh);
    countRetry(mode, "succeeded");
    return result;
  } catch (error) {
    countRetry(mode, "failed");
    throw error;
  }
}

async function attempt<T>(
  leasing: Promise<Lease>,
  mode: AccessMode,
  work: TransactionWork<T>,
  options: TransactionOptions,
  progress: Progress,
): Promise<T> {
  const { client, release } = await leasing;
  progress.connected = true;
  let broken: Error | undefined;
  let released = false;
  const prepared = preparingExecutor(client);
  // A pipelined work's first statement leaves in the same write as the opening (one syscall fewer per read).
  const executor = options.pipelineWork ? holdOpeningForFirstStatement(client, prepared) : prepared;
  const begun = openTransaction(client, prepared, mode, options.opening ?? []);
  const opening = options.opening ? begun : undefined;
  // Whoever awaits it sees its failure; this only keeps an unawaited failure from being unhandled.
  begun.catch(() => undefined);
  try {
    if (!options.pipelineWork) await begun;
    const result = await work(executor, opening);
    await begun;
    progress.commitSent = true;
    if (mode === "READ ONLY" && isPipelined(client)) {
      // Queued behind the work on this connection; whatever uses it next waits for it there. Held until this turn
      // of the event loop ends: under load the pool hands the connection straight to a waiting request, whose
      // opening then leaves in the same write as this COMMIT (one socket write fewer per read).
      holdWritesForThisTurn(client);
      client.query("COMMIT").catch(() => undefined);
      released = true;
      release();
      return result;
    }
    await client.query("COMMIT");
    return result;
  } catch (error) {
    // When the opening failed, the statements behind it failed only because the transaction was aborted.
    const cause =
      (await begun.then(
        () => undefined,
        (openingError: unknown) => openingError,
      )) ?? error;
    if (isConnectionError(cause) || isStalePreparedStatementError(cause)) broken = cause as Error;
    else await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
    throw cause;
  } finally {
    // A broken connection is discarded rather than handed to the next request.
    if (!released) release(broken);
  }
}

/**
 * BEGIN and the opening's statements, all sent at once. Answers the last statement's result (the opening's
 * answer), or the first failure in the order they were sent: a statement behind a failed one fails only because
 * the transaction was aborted.
 */
async function openTransaction(
  client: pg.ClientBase,
  prepared: Executor,
  mode: AccessMode,
  opening: readonly Statement[],
): Promise<pg.QueryResult> {
  const answers = [client.query(`BEGIN ${mode}`), ...opening.map(({ text, values }) => prepared.query(text, values))];
  for (const answer of answers) answer.catch(() => undefined);
  let last: pg.QueryResult | undefined;
  for (const answer of answers) last = await answer;
  return last as pg.QueryResult;
}

/**
 * Corks the connection's socket until the work sends its first statement (or, if it sends none, until this turn
 * of the event loop ends), so the opening and that statement are written together.
 */
function holdOpeningForFirstStatement(client: pg.ClientBase, prepared: Executor): Executor {
  const letGo = holdWritesForThisTurn(client);
  return {
    query: (text, values) => {
      const answer = prepared.query(text, values);
      letGo();
      return answer as never;
    },
  };
}

/**
 * Holds what is written to the connection until `letGo` is called or this turn of the event loop ends, whichever
 * comes first; holds nest, and the writes leave together when the last one lets go.
 */
function holdWritesForThisTurn(client: pg.ClientBase): () => void {
  const stream = (client as pg.ClientBase & { connection?: { stream?: { cork?(): void; uncork?(): void } } }).connection
    ?.stream;
  if (!stream?.cork || !stream.uncork) return () => undefined;
  stream.cork();
  let held = true;
  const letGo = () => {
    if (!held) return;
    held = false;
    stream.uncork?.();
  };
  setImmediate(letGo);
  return letGo;
}

function isPipelined(client: pg.ClientBase): boolean {
  return (client as pg.ClientBase & { pipeline?: boolean }).pipeline === true;
}

async function leaseFromPool(pool: pg.Pool): Promise<Lease> {
  const client = await pool.connect();
  return { client, release: (broken) => client.release(broken) };
}

async function openFreshConnection(pool: pg.Pool): Promise<Lease> {
  // The pool's own settings: host, credentials (resolved per connection), TLS, timeouts, application_name.
  const client = new (poolClientClass(pool))(pool.options);
  // A failure of this connection reaches its caller through the statement that fails; the listener only keeps
  // the 'error' event from being unhandled (which would end the process).
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    // The connection that failed to open must not count as one that ran anything.
    void client.end().catch(() => undefined);
    throw error;
  }
  return { client, release: () => void client.end().catch(() => undefined) };
}
