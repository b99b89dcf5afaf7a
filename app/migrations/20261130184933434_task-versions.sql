-- Up Migration
-- Tasks get a version like cases, sent as their ETag: a change must name it in If-Match (428 without, 412 when
-- stale). A constant default is stored in the catalog, not written into every row, so this is instant on a large
-- table, and the version still running (which never reads the column) is unaffected.
ALTER TABLE tasks ADD COLUMN version integer NOT NULL DEFAULT 1;

-- Down Migration
ALTER TABLE tasks DROP COLUMN version;
