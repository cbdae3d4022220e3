-- Signing keys get a lifecycle: NEXT (published, not signing) -> CURRENT (signs) -> PREVIOUS
-- (published until its last tokens expired) -> RETIRED (neither). At most one NEXT and one CURRENT.
ALTER TABLE signing_keys ADD COLUMN key_status TEXT NOT NULL DEFAULT 'PREVIOUS';
ALTER TABLE signing_keys ADD COLUMN activated_at TEXT NULL;
ALTER TABLE signing_keys ADD COLUMN deactivated_at TEXT NULL;
UPDATE signing_keys SET key_status = 'RETIRED' WHERE retired_at IS NOT NULL;
-- Before lifecycles the newest unretired key signed; older unretired ones stay published until
-- the next maintenance retires them.
UPDATE signing_keys SET deactivated_at = created_at WHERE key_status = 'PREVIOUS';
UPDATE signing_keys SET key_status = 'CURRENT', activated_at = created_at, deactivated_at = NULL
WHERE key_id = (SELECT key_id FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1);
CREATE UNIQUE INDEX ux_signing_keys_current_next ON signing_keys (key_status) WHERE key_status IN ('CURRENT', 'NEXT');

-- Failed password sign-ins per user name (a SHA-256 of the normalised e-mail, so that unknown
-- addresses typed by anyone are not stored in clear), for the temporary lockout.
CREATE TABLE sign_in_failures (
    username_hash TEXT NOT NULL PRIMARY KEY,
    failure_count INTEGER NOT NULL,
    first_failed_at TEXT NOT NULL,
    last_failed_at TEXT NOT NULL,
    locked_until TEXT NULL
);
CREATE INDEX ix_sign_in_failures_last_failed ON sign_in_failures (last_failed_at);
