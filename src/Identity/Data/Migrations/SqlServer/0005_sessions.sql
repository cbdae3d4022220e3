-- Sign-in sessions of people (password grant) and their rotating refresh tokens. A token is
-- stored only as a SHA-256 hash; a used token stays, so presenting it again is recognised as
-- reuse and ends its session.
CREATE TABLE sessions (
    id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    person_id UNIQUEIDENTIFIER NOT NULL REFERENCES people (id),
    created_at DATETIMEOFFSET NOT NULL,
    expires_at DATETIMEOFFSET NOT NULL,
    revoked_at DATETIMEOFFSET NULL,
    revoked_reason NVARCHAR(40) NULL
);
GO
CREATE INDEX ix_sessions_person ON sessions (person_id);
GO
CREATE TABLE refresh_tokens (
    token_hash NVARCHAR(100) NOT NULL PRIMARY KEY,
    session_id UNIQUEIDENTIFIER NOT NULL REFERENCES sessions (id),
    issued_at DATETIMEOFFSET NOT NULL,
    expires_at DATETIMEOFFSET NOT NULL,
    used_at DATETIMEOFFSET NULL
);
GO
CREATE INDEX ix_refresh_tokens_session ON refresh_tokens (session_id);
