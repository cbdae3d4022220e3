-- Issue 8: clocks computed from each case's moments under versioned policies and the
-- customer's business calendar; warnings and breaches raised once each, from timers kept here.
CREATE TABLE sla_policies (
    support_plan TEXT NOT NULL,
    priority TEXT NOT NULL,
    version INTEGER NOT NULL,
    response_seconds INTEGER NOT NULL,
    update_seconds INTEGER NULL,
    resolution_seconds INTEGER NOT NULL,
    warning_percent INTEGER NOT NULL,
    coverage TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NULL,
    PRIMARY KEY (support_plan, priority, version)
);
INSERT INTO sla_policies (support_plan, priority, version, response_seconds, update_seconds, resolution_seconds,
                          warning_percent, coverage, created_at, created_by) VALUES
    ('PREMIUM_PLUS', 'P1', 1, 1800, 3600, 14400, 75, 'AROUND_THE_CLOCK', '2026-12-01T00:00:00.0000000Z', NULL),
    ('PREMIUM_PLUS', 'P2', 1, 7200, 14400, 28800, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00.0000000Z', NULL),
    ('PREMIUM_PLUS', 'P3', 1, 28800, 57600, 144000, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00.0000000Z', NULL),
    ('PREMIUM_PLUS', 'P4', 1, 57600, 144000, 288000, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00.0000000Z', NULL),
    ('PREMIUM', 'P1', 1, 3600, 7200, 28800, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00.0000000Z', NULL),
    ('PREMIUM', 'P2', 1, 14400, 14400, 57600, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00.0000000Z', NULL),
    ('PREMIUM', 'P3', 1, 28800, 57600, 144000, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00.0000000Z', NULL),
    ('PREMIUM', 'P4', 1, 57600, 144000, 288000, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00.0000000Z', NULL),
    ('STANDARD', 'P1', 1, 7200, 14400, 28800, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00.0000000Z', NULL),
    ('STANDARD', 'P2', 1, 28800, 28800, 86400, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00.0000000Z', NULL),
    ('STANDARD', 'P3', 1, 57600, 144000, 288000, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00.0000000Z', NULL),
    ('STANDARD', 'P4', 1, 86400, 144000, 576000, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00.0000000Z', NULL);
CREATE TABLE business_calendars (
    organization_id TEXT NOT NULL PRIMARY KEY,
    contract_version INTEGER NOT NULL,
    time_zone TEXT NOT NULL,
    calendar_json TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
CREATE TABLE case_moments (
    case_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    occurred_at TEXT NOT NULL,
    status TEXT NOT NULL,
    holder TEXT NOT NULL,
    responded INTEGER NOT NULL,
    is_update INTEGER NOT NULL,
    PRIMARY KEY (case_id, version, occurred_at)
);
CREATE TABLE sla_clocks (
    case_id TEXT NOT NULL PRIMARY KEY,
    organization_id TEXT NOT NULL,
    support_plan TEXT NOT NULL,
    priority TEXT NOT NULL,
    policy_version INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    case_version INTEGER NOT NULL,
    standing TEXT NOT NULL,
    response_due_at TEXT NULL,
    update_due_at TEXT NULL,
    resolution_due_at TEXT NULL,
    next_due_at TEXT NULL,
    next_check_at TEXT NULL,
    evaluated_at TEXT NULL,
    recomputed_at TEXT NULL,
    recompute_reason TEXT NULL
);
CREATE INDEX ix_sla_clocks_next_check ON sla_clocks (next_check_at) WHERE next_check_at IS NOT NULL;
CREATE INDEX ix_sla_clocks_organization ON sla_clocks (organization_id, next_due_at);
CREATE TABLE sla_alerts (
    case_id TEXT NOT NULL,
    target TEXT NOT NULL,
    cycle INTEGER NOT NULL,
    kind TEXT NOT NULL,
    due_at TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    raised INTEGER NOT NULL,
    PRIMARY KEY (case_id, target, cycle, kind)
);
INSERT INTO maintenance_leases (name) VALUES ('sla-timers');
-- Clocks recorded before this migration: their moments as far as the old record tells them,
-- and a timer due at once so the next pass computes them in full.
INSERT INTO case_moments (case_id, version, occurred_at, status, holder, responded, is_update)
SELECT case_id, 0, started_at, 'SUBMITTED', 'VENDOR', 0, 0 FROM case_slas;
INSERT INTO case_moments (case_id, version, occurred_at, status, holder, responded, is_update)
SELECT case_id, CASE WHEN resolved_at IS NULL THEN case_version ELSE case_version - 1 END, responded_at, 'ACKNOWLEDGED', 'VENDOR', 1, 1
FROM case_slas WHERE responded_at IS NOT NULL;
INSERT INTO case_moments (case_id, version, occurred_at, status, holder, responded, is_update)
SELECT case_id, case_version, resolved_at, CASE WHEN closed_at IS NULL THEN 'RESOLVED' ELSE 'CLOSED' END, 'NONE', 1, 1
FROM case_slas WHERE resolved_at IS NOT NULL;
INSERT INTO sla_clocks (case_id, organization_id, support_plan, priority, policy_version, started_at, case_version, standing, next_check_at)
SELECT case_id, organization_id, support_plan, priority, 1, started_at, case_version, 'ON_TRACK', started_at FROM case_slas;
DROP TABLE case_slas;
