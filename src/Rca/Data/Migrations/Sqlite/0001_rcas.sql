CREATE TABLE rcas (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    organization_id TEXT NOT NULL,
    case_id TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL,
    owner_party TEXT NOT NULL,
    cause TEXT NULL,
    created_at TEXT NOT NULL,
    due_at TEXT NOT NULL
);
CREATE INDEX ix_rcas_organization ON rcas (organization_id, seq);
