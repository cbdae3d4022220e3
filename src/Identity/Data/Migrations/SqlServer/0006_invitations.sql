-- Invitations: a person registered by an administrator sets their own password through a
-- single-use, expiring link. Only the token's SHA-256 is stored.
CREATE TABLE invitations (
    token_hash NVARCHAR(100) NOT NULL PRIMARY KEY,
    person_id UNIQUEIDENTIFIER NOT NULL REFERENCES people (id),
    created_at DATETIMEOFFSET NOT NULL,
    expires_at DATETIMEOFFSET NOT NULL,
    used_at DATETIMEOFFSET NULL,
    revoked_at DATETIMEOFFSET NULL
);
GO
CREATE INDEX ix_invitations_person ON invitations (person_id);
