-- Sign-in sessions of people (password grant) and their rotating refresh tokens. A token is
-- stored only as a SHA-256 hash; a used token stays, so presenting it again is recognised as
-- reuse and ends its session.
CREATE TABLE sessions (
    id TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT NULL,
    revoked_reason TEXT NULL
);
CREATE INDEX ix_sessions_person ON sessions (person_id);
CREATE TABLE refresh_tokens (
    token_hash TEXT NOT NULL PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    issued_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT NULL
);
CREATE INDEX ix_refresh_tokens_session ON refresh_tokens (session_id);
