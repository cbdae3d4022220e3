ALTER TABLE cases ADD COLUMN assignee_id TEXT NULL;
ALTER TABLE cases ADD COLUMN tier TEXT NULL;
ALTER TABLE cases ADD COLUMN version_supported INTEGER NULL;
ALTER TABLE cases ADD COLUMN eos_policy_version TEXT NULL;
ALTER TABLE cases ADD COLUMN eos_ends_on TEXT NULL;
ALTER TABLE cases ADD COLUMN eos_action TEXT NULL;
ALTER TABLE cases ADD COLUMN return_reason TEXT NULL;
CREATE INDEX ix_cases_listing ON cases (created_at, id);
CREATE INDEX ix_cases_resolved ON cases (status, updated_at);
CREATE TABLE case_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    actor_id TEXT NULL,
    actor_party TEXT NOT NULL,
    action TEXT NOT NULL,
    field TEXT NULL,
    old_value TEXT NULL,
    new_value TEXT NULL,
    internal INTEGER NOT NULL,
    case_version INTEGER NOT NULL
);
CREATE INDEX ix_case_history_case ON case_history (case_id, seq);
CREATE INDEX ix_case_history_organization ON case_history (organization_id, seq);
CREATE TABLE access_grants (
    id TEXT NOT NULL PRIMARY KEY,
    case_id TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    system_name TEXT NOT NULL,
    purpose TEXT NOT NULL,
    duration_seconds INTEGER NOT NULL,
    state TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    decided_at TEXT NULL,
    decided_by TEXT NULL,
    expires_at TEXT NULL,
    reason TEXT NULL
);
CREATE INDEX ix_access_grants_case ON access_grants (case_id, requested_at);
