ALTER TABLE cases ADD
    assignee_id UNIQUEIDENTIFIER NULL,
    tier NVARCHAR(4) NULL,
    version_supported BIT NULL,
    eos_policy_version NVARCHAR(50) NULL,
    eos_ends_on DATETIMEOFFSET NULL,
    eos_action NVARCHAR(400) NULL,
    return_reason NVARCHAR(40) NULL;
GO
CREATE INDEX ix_cases_listing ON cases (created_at, id);
GO
CREATE INDEX ix_cases_resolved ON cases (status, updated_at);
GO
CREATE TABLE case_history (
    seq BIGINT IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    case_id UNIQUEIDENTIFIER NOT NULL,
    organization_id UNIQUEIDENTIFIER NOT NULL,
    occurred_at DATETIMEOFFSET NOT NULL,
    actor_id UNIQUEIDENTIFIER NULL,
    actor_party NVARCHAR(20) NOT NULL,
    action NVARCHAR(40) NOT NULL,
    field NVARCHAR(40) NULL,
    old_value NVARCHAR(MAX) NULL,
    new_value NVARCHAR(MAX) NULL,
    internal BIT NOT NULL,
    case_version BIGINT NOT NULL
);
GO
CREATE INDEX ix_case_history_case ON case_history (case_id, seq);
GO
CREATE INDEX ix_case_history_organization ON case_history (organization_id, seq);
GO
CREATE TABLE access_grants (
    id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    case_id UNIQUEIDENTIFIER NOT NULL,
    organization_id UNIQUEIDENTIFIER NOT NULL,
    requested_by UNIQUEIDENTIFIER NOT NULL,
    system_name NVARCHAR(200) NOT NULL,
    purpose NVARCHAR(2000) NOT NULL,
    duration_seconds BIGINT NOT NULL,
    state NVARCHAR(20) NOT NULL,
    requested_at DATETIMEOFFSET NOT NULL,
    decided_at DATETIMEOFFSET NULL,
    decided_by UNIQUEIDENTIFIER NULL,
    expires_at DATETIMEOFFSET NULL,
    reason NVARCHAR(2000) NULL
);
GO
CREATE INDEX ix_access_grants_case ON access_grants (case_id, requested_at);
