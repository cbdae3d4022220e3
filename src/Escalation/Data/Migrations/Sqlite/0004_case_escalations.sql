-- Issue 8: functional and hierarchical escalations of cases, by hand or on a breach.
CREATE TABLE case_escalations (
    escalation_id TEXT NOT NULL PRIMARY KEY,
    case_id TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    from_level TEXT NOT NULL,
    to_level TEXT NOT NULL,
    trigger_kind TEXT NOT NULL,
    actor_id TEXT NULL,
    reason TEXT NOT NULL,
    breached_target TEXT NULL,
    escalated_at TEXT NOT NULL
);
CREATE INDEX ix_case_escalations_case ON case_escalations (case_id, escalated_at);
