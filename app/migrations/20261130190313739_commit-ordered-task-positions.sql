-- Up Migration
-- A case's tasks are listed by a position that is monotonic in commit order within the case (decision 0098): a
-- task takes its position from this sequence while its transaction holds the case row (FOR NO KEY UPDATE, taken
-- before the insert and kept until commit), so a task committed later always sorts after every task committed
-- before it, and a keyset cursor can never pass a task that is still to commit. created_at is a transaction's
-- start, not its commit, and let a slow transaction's task land behind a cursor already read.
-- Existing tasks keep their order: numbered by (created_at, id), the order they were listed in.
ALTER TABLE tasks ADD COLUMN position bigint;
CREATE SEQUENCE task_positions AS bigint OWNED BY tasks.position;
UPDATE tasks SET position = numbered.position
FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS position FROM tasks) AS numbered
WHERE tasks.id = numbered.id;
SELECT setval('task_positions', coalesce((SELECT max(position) FROM tasks), 0) + 1, false);
-- The default also numbers tasks inserted by the version still running during a rolling deploy.
ALTER TABLE tasks ALTER COLUMN position SET DEFAULT nextval('task_positions'), ALTER COLUMN position SET NOT NULL;
GRANT USAGE ON SEQUENCE task_positions TO rusty_app;
CREATE UNIQUE INDEX tasks_listing ON tasks (case_id, position);

-- Down Migration
DROP INDEX tasks_listing;
ALTER TABLE tasks DROP COLUMN position;
