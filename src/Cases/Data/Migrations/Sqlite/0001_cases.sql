CREATE TABLE cases (
    id TEXT NOT NULL PRIMARY KEY,
    organization_id TEXT NOT NULL,
    submitter_id TEXT NOT NULL,
    request_id TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    support_plan TEXT NOT NULL,
    title TEXT NOT NULL,
    type TEXT NOT NULL,
    priority TEXT NOT NULL,
    details TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    acknowledged_at TEXT NULL,
    resolved_at TEXT NULL,
    closed_at TEXT NULL,
    resolution_summary TEXT NULL,
    cause TEXT NULL,
    UNIQUE (submitter_id, request_id)
);
CREATE INDEX ix_cases_organization ON cases (organization_id, updated_at);
