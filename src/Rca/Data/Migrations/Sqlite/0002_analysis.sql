-- Issue 9: the analysis itself, its review and publication; ownership by cause; linked cases;
-- timeline, actions and history; the customers' calendars for due dates; overdue timers.
ALTER TABLE rcas ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE rcas ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE rcas ADD COLUMN support_plan TEXT NOT NULL DEFAULT 'STANDARD';
ALTER TABLE rcas ADD COLUMN reviewer_party TEXT NOT NULL DEFAULT 'CUSTOMER';
ALTER TABLE rcas ADD COLUMN cause_justification TEXT NULL;
ALTER TABLE rcas ADD COLUMN analysis TEXT NOT NULL DEFAULT '{}';
ALTER TABLE rcas ADD COLUMN approved_at TEXT NULL;
ALTER TABLE rcas ADD COLUMN changes_requested TEXT NULL;
ALTER TABLE rcas ADD COLUMN published_at TEXT NULL;
ALTER TABLE rcas ADD COLUMN updated_at TEXT NULL;
ALTER TABLE rcas ADD COLUMN overdue_raised_at TEXT NULL;
ALTER TABLE rcas ADD COLUMN merged_into TEXT NULL;
UPDATE rcas SET reviewer_party = CASE owner_party WHEN 'VENDOR' THEN 'CUSTOMER' ELSE 'VENDOR' END, updated_at = created_at;
CREATE INDEX ix_rcas_due ON rcas (due_at) WHERE overdue_raised_at IS NULL AND state IN ('REQUIRED', 'IN_ANALYSIS', 'IN_REVIEW');

-- The cases an RCA covers; a case is covered by at most one.
CREATE TABLE rca_cases (
    case_id TEXT NOT NULL PRIMARY KEY,
    rca_id TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    title TEXT NOT NULL,
    submitter_id TEXT NOT NULL,
    requires_rca INTEGER NOT NULL,
    linked_at TEXT NOT NULL,
    seq INTEGER NOT NULL
);
CREATE INDEX ix_rca_cases_rca ON rca_cases (rca_id, seq);
INSERT INTO rca_cases (case_id, rca_id, organization_id, title, submitter_id, requires_rca, linked_at, seq)
SELECT case_id, id, organization_id, '', '00000000-0000-0000-0000-000000000000', 1, created_at, seq FROM rcas;

CREATE TABLE rca_timeline (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    rca_id TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    description TEXT NOT NULL,
    source TEXT NOT NULL,
    case_id TEXT NULL,
    -- For entries from a case's history: what they come from (e.g. "case:{id}:submitted"), once per RCA.
    source_key TEXT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_rca_timeline_rca ON rca_timeline (rca_id, occurred_at);
CREATE UNIQUE INDEX ux_rca_timeline_source ON rca_timeline (rca_id, source_key) WHERE source_key IS NOT NULL;

CREATE TABLE rca_actions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    rca_id TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    type TEXT NOT NULL,
    description TEXT NOT NULL,
    owner_party TEXT NOT NULL,
    owner_person_id TEXT NULL,
    due_at TEXT NOT NULL,
    status TEXT NOT NULL,
    case_id TEXT NULL,
    created_at TEXT NOT NULL,
    completed_at TEXT NULL,
    overdue_raised_at TEXT NULL
);
CREATE INDEX ix_rca_actions_rca ON rca_actions (rca_id, seq);
CREATE INDEX ix_rca_actions_due ON rca_actions (due_at) WHERE overdue_raised_at IS NULL AND status IN ('OPEN', 'IN_PROGRESS');

CREATE TABLE rca_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    rca_id TEXT NOT NULL,
    rca_version INTEGER NOT NULL,
    occurred_at TEXT NOT NULL,
    actor_id TEXT NULL,
    actor_party TEXT NOT NULL,
    action TEXT NOT NULL,
    field TEXT NULL,
    old_value TEXT NULL,
    new_value TEXT NULL,
    internal INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_rca_history_rca ON rca_history (rca_id, seq);
INSERT INTO rca_history (rca_id, rca_version, occurred_at, actor_id, actor_party, action, field, old_value, new_value, internal)
SELECT id, 1, created_at, NULL, 'SYSTEM', 'created', 'owner', NULL, owner_party, 0 FROM rcas;

-- Escalations of cases (CaseEscalated), for the timelines of the RCAs that cover them. Rows of
-- cases no RCA covers are deleted after the retention period (RcaTimers).
CREATE TABLE case_escalations (
    escalation_id TEXT NOT NULL PRIMARY KEY,
    case_id TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    from_level TEXT NOT NULL,
    to_level TEXT NOT NULL,
    trigger_kind TEXT NOT NULL,
    breached_target TEXT NULL,
    occurred_at TEXT NOT NULL
);
CREATE INDEX ix_case_escalations_case ON case_escalations (case_id);
CREATE INDEX ix_case_escalations_time ON case_escalations (occurred_at);

-- The customers' business calendars (SupportContractChanged), in which due dates are counted.
CREATE TABLE business_calendars (
    organization_id TEXT NOT NULL PRIMARY KEY,
    contract_version INTEGER NOT NULL,
    time_zone TEXT NOT NULL,
    calendar_json TEXT NOT NULL,
    changed_at TEXT NOT NULL
);

INSERT INTO maintenance_leases (name) VALUES ('rca-timers');
