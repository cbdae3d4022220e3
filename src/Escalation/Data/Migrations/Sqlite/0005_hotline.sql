-- Issue 8: calls to the 24x7 hotline recorded against cases, and the Premium Plus P1s that
-- expect one (a durable timer: flagged once when no call came in time).
CREATE TABLE hotline_calls (
    call_id TEXT NOT NULL PRIMARY KEY,
    case_id TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    caller_name TEXT NOT NULL,
    caller_phone TEXT NULL,
    called_at TEXT NOT NULL,
    engineer_id TEXT NOT NULL,
    notes TEXT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX ix_hotline_calls_case ON hotline_calls (case_id, called_at);
CREATE TABLE hotline_expectations (
    case_id TEXT NOT NULL PRIMARY KEY,
    organization_id TEXT NOT NULL,
    submitter_id TEXT NOT NULL,
    title TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    expected_by TEXT NOT NULL,
    called_at TEXT NULL,
    flagged_at TEXT NULL
);
CREATE INDEX ix_hotline_expectations_due ON hotline_expectations (expected_by) WHERE called_at IS NULL AND flagged_at IS NULL;
INSERT INTO maintenance_leases (name) VALUES ('hotline-watch');
