CREATE TABLE case_slas (
    case_id TEXT NOT NULL PRIMARY KEY,
    organization_id TEXT NOT NULL,
    support_plan TEXT NOT NULL,
    priority TEXT NOT NULL,
    started_at TEXT NOT NULL,
    response_target_seconds INTEGER NOT NULL,
    resolution_target_seconds INTEGER NOT NULL,
    response_due_at TEXT NOT NULL,
    resolution_due_at TEXT NOT NULL,
    responded_at TEXT NULL,
    resolved_at TEXT NULL,
    closed_at TEXT NULL,
    case_version INTEGER NOT NULL
);
