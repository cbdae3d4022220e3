-- Issue 9: the analysis itself, its review and publication; ownership by cause; linked cases;
-- timeline, actions and history; the customers' calendars for due dates; overdue timers.
ALTER TABLE rcas ADD
    version BIGINT NOT NULL CONSTRAINT df_rcas_version DEFAULT 1,
    title NVARCHAR(200) NOT NULL CONSTRAINT df_rcas_title DEFAULT '',
    support_plan NVARCHAR(20) NOT NULL CONSTRAINT df_rcas_plan DEFAULT 'STANDARD',
    reviewer_party NVARCHAR(20) NOT NULL CONSTRAINT df_rcas_reviewer DEFAULT 'CUSTOMER',
    cause_justification NVARCHAR(2000) NULL,
    analysis NVARCHAR(MAX) NOT NULL CONSTRAINT df_rcas_analysis DEFAULT '{}',
    approved_at DATETIMEOFFSET NULL,
    changes_requested NVARCHAR(2000) NULL,
    published_at DATETIMEOFFSET NULL,
    updated_at DATETIMEOFFSET NULL,
    overdue_raised_at DATETIMEOFFSET NULL,
    merged_into UNIQUEIDENTIFIER NULL;
GO
UPDATE rcas SET reviewer_party = CASE owner_party WHEN 'VENDOR' THEN 'CUSTOMER' ELSE 'VENDOR' END, updated_at = created_at;
GO
CREATE INDEX ix_rcas_due ON rcas (due_at) WHERE overdue_raised_at IS NULL AND state IN ('REQUIRED', 'IN_ANALYSIS', 'IN_REVIEW');
GO
CREATE TABLE rca_cases (
    case_id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    rca_id UNIQUEIDENTIFIER NOT NULL,
    organization_id UNIQUEIDENTIFIER NOT NULL,
    title NVARCHAR(200) NOT NULL,
    submitter_id UNIQUEIDENTIFIER NOT NULL,
    requires_rca BIT NOT NULL,
    linked_at DATETIMEOFFSET NOT NULL,
    seq BIGINT NOT NULL
);
GO
CREATE INDEX ix_rca_cases_rca ON rca_cases (rca_id, seq);
GO
INSERT INTO rca_cases (case_id, rca_id, organization_id, title, submitter_id, requires_rca, linked_at, seq)
SELECT case_id, id, organization_id, '', '00000000-0000-0000-0000-000000000000', 1, created_at, seq FROM rcas;
GO
CREATE TABLE rca_timeline (
    seq BIGINT IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    id UNIQUEIDENTIFIER NOT NULL UNIQUE,
    rca_id UNIQUEIDENTIFIER NOT NULL,
    occurred_at DATETIMEOFFSET NOT NULL,
    description NVARCHAR(2000) NOT NULL,
    source NVARCHAR(20) NOT NULL,
    case_id UNIQUEIDENTIFIER NULL,
    source_key NVARCHAR(120) NULL,
    created_at DATETIMEOFFSET NOT NULL
);
GO
CREATE INDEX ix_rca_timeline_rca ON rca_timeline (rca_id, occurred_at);
GO
CREATE UNIQUE INDEX ux_rca_timeline_source ON rca_timeline (rca_id, source_key) WHERE source_key IS NOT NULL;
GO
CREATE TABLE rca_actions (
    seq BIGINT IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    id UNIQUEIDENTIFIER NOT NULL UNIQUE,
    rca_id UNIQUEIDENTIFIER NOT NULL,
    organization_id UNIQUEIDENTIFIER NOT NULL,
    type NVARCHAR(20) NOT NULL,
    description NVARCHAR(2000) NOT NULL,
    owner_party NVARCHAR(20) NOT NULL,
    owner_person_id UNIQUEIDENTIFIER NULL,
    due_at DATETIMEOFFSET NOT NULL,
    status NVARCHAR(20) NOT NULL,
    case_id UNIQUEIDENTIFIER NULL,
    created_at DATETIMEOFFSET NOT NULL,
    completed_at DATETIMEOFFSET NULL,
    overdue_raised_at DATETIMEOFFSET NULL
);
GO
CREATE INDEX ix_rca_actions_rca ON rca_actions (rca_id, seq);
GO
CREATE INDEX ix_rca_actions_due ON rca_actions (due_at) WHERE overdue_raised_at IS NULL AND status IN ('OPEN', 'IN_PROGRESS');
GO
CREATE TABLE rca_history (
    seq BIGINT IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    rca_id UNIQUEIDENTIFIER NOT NULL,
    rca_version BIGINT NOT NULL,
    occurred_at DATETIMEOFFSET NOT NULL,
    actor_id UNIQUEIDENTIFIER NULL,
    actor_party NVARCHAR(20) NOT NULL,
    action NVARCHAR(40) NOT NULL,
    field NVARCHAR(80) NULL,
    old_value NVARCHAR(MAX) NULL,
    new_value NVARCHAR(MAX) NULL,
    internal BIT NOT NULL CONSTRAINT df_rca_history_internal DEFAULT 0
);
GO
CREATE INDEX ix_rca_history_rca ON rca_history (rca_id, seq);
GO
INSERT INTO rca_history (rca_id, rca_version, occurred_at, actor_id, actor_party, action, field, old_value, new_value, internal)
SELECT id, 1, created_at, NULL, 'SYSTEM', 'created', 'owner', NULL, owner_party, 0 FROM rcas;
GO
CREATE TABLE case_escalations (
    escalation_id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    case_id UNIQUEIDENTIFIER NOT NULL,
    organization_id UNIQUEIDENTIFIER NOT NULL,
    kind NVARCHAR(20) NOT NULL,
    from_level NVARCHAR(20) NOT NULL,
    to_level NVARCHAR(20) NOT NULL,
    trigger_kind NVARCHAR(20) NOT NULL,
    breached_target NVARCHAR(20) NULL,
    occurred_at DATETIMEOFFSET NOT NULL
);
GO
CREATE INDEX ix_case_escalations_case ON case_escalations (case_id);
GO
CREATE INDEX ix_case_escalations_time ON case_escalations (occurred_at);
GO
CREATE TABLE business_calendars (
    organization_id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    contract_version BIGINT NOT NULL,
    time_zone NVARCHAR(64) NOT NULL,
    calendar_json NVARCHAR(MAX) NOT NULL,
    changed_at DATETIMEOFFSET NOT NULL
);
GO
INSERT INTO maintenance_leases (name) VALUES ('rca-timers');
