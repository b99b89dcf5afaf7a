// Cursor pagination, declared once for every list in the API: the page query (`limit` 1..100, default 20, and the
// opaque `cursor` of the previous page), the page a list answers, and the keyset cursors behind it: the key of the
// last item, base64url-encoded, stable under inserts, unlike offsets. Two kinds of key:
// - a number monotonic in commit order within the list (cases: reference; tasks: position), taken while the
//   transaction holds the list's parent row until it commits, so a cursor never passes a row still to commit
//   (decision 0098): `sequencePage`, `decodeSequenceCursor`;
// - a (timestamp, id) pair (the audit trail): `page`, `decodeCursor`. A row whose transaction commits after a page
//   was read can land behind that page's cursor; see decision 0098 for why the audit trail keeps it.
import { AppError } from "../platform/errors/app-error.js";
import { z } from "./openapi-zod.js";

export const defaultPageSize = 20;

/** Spread into a list's strict query schema: `z.object({ ...pageQuery, status: … }).strict()`. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(defaultPageSize),
  cursor: z.string().max(200).optional().openapi({ description: "nextCursor of the previous page" }),
};

/** The response schema of a list: a page of `item` and the cursor of the next page (null on the last). */
export function pageOf<S extends z.ZodType>(item: S, name: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// What this API itself writes into cursors: PostgreSQL timestamps in ISO form (up to microseconds) and UUIDs.
const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:?\d{2})$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CursorPosition {
  at: string;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString()) as unknown[];
    if (typeof at === "string" && typeof id === "string" && isoTimestamp.test(at) && uuid.test(id)) return { at, id };
  } catch {
    // fall through to the validation error
  }
  throw new AppError("validation_failed", {
    fields: [{ field: "query.cursor", message: "not a cursor returned by this API" }],
  });
}

/** Rows carrying their keyset position: `cursor_at` (microsecond timestamp as text) and `id`. */
export interface Positioned {
  id: string;
  cursor_at: string;
}

/** Repositories fetch one more row than asked, so the page knows whether another exists. */
export function page<T extends Positioned>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.cursor_at, id: last.id }) : null };
}

/** A cursor over a commit-ordered number: `["seq", "42"]`, told apart from a (timestamp, id) cursor. */
export function encodeSequenceCursor(position: string): string {
  return Buffer.from(JSON.stringify(["seq", position])).toString("base64url");
}

export function decodeSequenceCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [kind, position] = JSON.parse(Buffer.from(cursor, "base64url").toString()) as unknown[];
    if (kind === "seq" && typeof position === "string" && /^\d{1,18}$/.test(position)) return position;
  } catch {
    // fall through to the validation error
  }
  throw new AppError("validation_failed", {
    fields: [{ field: "query.cursor", message: "not a cursor returned by this API" }],
  });
}

/** Rows carrying their commit-ordered number as text (bigint-safe): `list_position`. */
export interface Sequenced {
  list_position: string;
}

/** Like `page`, for a list ordered by a commit-ordered number. */
export function sequencePage<T extends Sequenced>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeSequenceCursor(last.list_position) : null };
}

export function presentPage<T, V>(rows: Page<T>, present: (row: T) => V): Page<V> {
  return { items: rows.items.map(present), nextCursor: rows.nextCursor };
}
