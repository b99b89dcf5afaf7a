// Opaque keyset cursors: (timestamp, id) of the last item, base64url-encoded. Stable under inserts, unlike offsets.
import { AppError } from "../platform/errors/app-error.js";

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

/** Fetch one more row than asked to know whether another page exists. */
export function page<T>(rows: T[], limit: number, positionOf: (row: T) => CursorPosition) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}
