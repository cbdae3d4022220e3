-- Signing keys get a lifecycle: NEXT (published, not signing) -> CURRENT (signs) -> PREVIOUS
-- (published until its last tokens expired) -> RETIRED (neither). At most one NEXT and one CURRENT.
ALTER TABLE signing_keys ADD
    key_status NVARCHAR(20) NOT NULL CONSTRAINT df_signing_keys_key_status DEFAULT 'PREVIOUS',
    activated_at DATETIMEOFFSET NULL,
    deactivated_at DATETIMEOFFSET NULL;
GO
UPDATE signing_keys SET key_status = 'RETIRED' WHERE retired_at IS NOT NULL;
GO
-- Before lifecycles the newest unretired key signed; older unretired ones stay published until
-- the next maintenance retires them.
UPDATE signing_keys SET deactivated_at = created_at WHERE key_status = 'PREVIOUS';
GO
UPDATE signing_keys SET key_status = 'CURRENT', activated_at = created_at, deactivated_at = NULL
WHERE key_id = (SELECT TOP (1) key_id FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC);
GO
CREATE UNIQUE INDEX ux_signing_keys_current_next ON signing_keys (key_status) WHERE key_status IN ('CURRENT', 'NEXT');
GO
-- Failed password sign-ins per user name (a SHA-256 of the normalised e-mail, so that unknown
-- addresses typed by anyone are not stored in clear), for the temporary lockout.
CREATE TABLE sign_in_failures (
    username_hash NVARCHAR(100) NOT NULL PRIMARY KEY,
    failure_count INT NOT NULL,
    first_failed_at DATETIMEOFFSET NOT NULL,
    last_failed_at DATETIMEOFFSET NOT NULL,
    locked_until DATETIMEOFFSET NULL
);
GO
CREATE INDEX ix_sign_in_failures_last_failed ON sign_in_failures (last_failed_at);
