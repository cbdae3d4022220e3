-- Issue 8: clocks computed from each case's moments under versioned policies and the
-- customer's business calendar; warnings and breaches raised once each, from timers kept here.
CREATE TABLE sla_policies (
    support_plan NVARCHAR(20) NOT NULL,
    priority NVARCHAR(4) NOT NULL,
    version INT NOT NULL,
    response_seconds BIGINT NOT NULL,
    update_seconds BIGINT NULL,
    resolution_seconds BIGINT NOT NULL,
    warning_percent INT NOT NULL,
    coverage NVARCHAR(20) NOT NULL,
    created_at DATETIMEOFFSET NOT NULL,
    created_by UNIQUEIDENTIFIER NULL,
    PRIMARY KEY (support_plan, priority, version)
);
GO
INSERT INTO sla_policies (support_plan, priority, version, response_seconds, update_seconds, resolution_seconds,
                          warning_percent, coverage, created_at, created_by) VALUES
    ('PREMIUM_PLUS', 'P1', 1, 1800, 3600, 14400, 75, 'AROUND_THE_CLOCK', '2026-12-01T00:00:00+00:00', NULL),
    ('PREMIUM_PLUS', 'P2', 1, 7200, 14400, 28800, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00+00:00', NULL),
    ('PREMIUM_PLUS', 'P3', 1, 28800, 57600, 144000, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00+00:00', NULL),
    ('PREMIUM_PLUS', 'P4', 1, 57600, 144000, 288000, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00+00:00', NULL),
    ('PREMIUM', 'P1', 1, 3600, 7200, 28800, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00+00:00', NULL),
    ('PREMIUM', 'P2', 1, 14400, 14400, 57600, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00+00:00', NULL),
    ('PREMIUM', 'P3', 1, 28800, 57600, 144000, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00+00:00', NULL),
    ('PREMIUM', 'P4', 1, 57600, 144000, 288000, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00+00:00', NULL),
    ('STANDARD', 'P1', 1, 7200, 14400, 28800, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00+00:00', NULL),
    ('STANDARD', 'P2', 1, 28800, 28800, 86400, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00+00:00', NULL),
    ('STANDARD', 'P3', 1, 57600, 144000, 288000, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00+00:00', NULL),
    ('STANDARD', 'P4', 1, 86400, 144000, 576000, 75, 'BUSINESS_HOURS', '2026-12-01T00:00:00+00:00', NULL);
GO
CREATE TABLE business_calendars (
    organization_id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    contract_version BIGINT NOT NULL,
    time_zone NVARCHAR(64) NOT NULL,
    calendar_json NVARCHAR(MAX) NOT NULL,
    changed_at DATETIMEOFFSET NOT NULL
);
GO
CREATE TABLE case_moments (
    case_id UNIQUEIDENTIFIER NOT NULL,
    version BIGINT NOT NULL,
    occurred_at DATETIMEOFFSET NOT NULL,
    status NVARCHAR(32) NOT NULL,
    holder NVARCHAR(20) NOT NULL,
    responded BIT NOT NULL,
    is_update BIT NOT NULL,
    PRIMARY KEY (case_id, version, occurred_at)
);
GO
CREATE TABLE sla_clocks (
    case_id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    organization_id UNIQUEIDENTIFIER NOT NULL,
    support_plan NVARCHAR(20) NOT NULL,
    priority NVARCHAR(4) NOT NULL,
    policy_version INT NOT NULL,
    started_at DATETIMEOFFSET NOT NULL,
    case_version BIGINT NOT NULL,
    standing NVARCHAR(20) NOT NULL,
    response_due_at DATETIMEOFFSET NULL,
    update_due_at DATETIMEOFFSET NULL,
    resolution_due_at DATETIMEOFFSET NULL,
    next_due_at DATETIMEOFFSET NULL,
    next_check_at DATETIMEOFFSET NULL,
    evaluated_at DATETIMEOFFSET NULL,
    recomputed_at DATETIMEOFFSET NULL,
    recompute_reason NVARCHAR(200) NULL
);
GO
CREATE INDEX ix_sla_clocks_next_check ON sla_clocks (next_check_at) WHERE next_check_at IS NOT NULL;
GO
CREATE INDEX ix_sla_clocks_organization ON sla_clocks (organization_id, next_due_at);
GO
CREATE TABLE sla_alerts (
    case_id UNIQUEIDENTIFIER NOT NULL,
    target NVARCHAR(20) NOT NULL,
    cycle INT NOT NULL,
    kind NVARCHAR(20) NOT NULL,
    due_at DATETIMEOFFSET NOT NULL,
    decided_at DATETIMEOFFSET NOT NULL,
    raised BIT NOT NULL,
    PRIMARY KEY (case_id, target, cycle, kind)
);
GO
INSERT INTO maintenance_leases (name) VALUES ('sla-timers');
GO
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
GO
DROP TABLE case_slas;
