-- Invitations: a person registered by an administrator sets their own password through a
-- single-use, expiring link. Only the token's SHA-256 is stored.
CREATE TABLE invitations (
    token_hash TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT NULL,
    revoked_at TEXT NULL
);
CREATE INDEX ix_invitations_person ON invitations (person_id);
