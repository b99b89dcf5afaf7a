// Every statement a transaction runs is prepared once per connection (decision 0103): PostgreSQL parses and plans
// a statement the first time a connection sees it, and from then on only binds and executes it. Measured on the
// case read, parsing and planning were most of PostgreSQL's work: the same SELECT cost its backend ~150 µs
// unnamed and ~70 µs prepared, and a tenant read (context, membership, the SELECT) ~300 µs against ~125 µs.
//
// A statement's name is given by its text, the same in every connection of the process. The texts are the
// codebase's own SQL, so there are a few dozen; a bound keeps a text built from data (which none should be)
// from growing every connection's statement cache without end: past it, new texts run unnamed as before.
import type pg from "pg";
import type { Executor, Row } from "./database.js";

export const maxPreparedStatements = 256;
const names = new Map<string, string>();

/** The prepared statement's name for this text, or undefined once the bound is reached (it then runs unnamed). */
export function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < maxPreparedStatements) {
    name = `rusty_${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}

/** A connection's executor whose statements are prepared on first use and reused after. */
export function preparingExecutor(client: pg.ClientBase): Executor {
  return {
    query: <R extends Row = Row>(text: string, values?: unknown[]) =>
      client.query<R>({ name: statementName(text), text, values }),
  };
}

/**
 * PostgreSQL refuses to run a prepared statement whose result columns changed type since it was planned (a
 * migration altered a table under a running instance): the statement fails on that connection until the
 * connection closes. The runner discards the connection and repeats the transaction on a fresh one.
 */
export function isStalePreparedStatementError(error: unknown): boolean {
  const candidate = error as { code?: unknown; message?: unknown } | undefined;
  return (
    candidate?.code === "0A000" &&
    typeof candidate.message === "string" &&
    candidate.message.startsWith("cached plan must not change result type")
  );
}
