-- Up Migration
-- A used refresh token keeps its successor, encrypted under a key only the used token itself yields
-- (auth/refresh-tokens.ts), so a second tab presenting it within the reuse grace gets the same successor, while the
-- database alone cannot produce a usable token. Nullable: rows written by the version still running have none, and
-- a reuse of such a token is treated as outside the grace.
ALTER TABLE refresh_tokens ADD COLUMN successor_sealed bytea;

-- Down Migration
ALTER TABLE refresh_tokens DROP COLUMN successor_sealed;
