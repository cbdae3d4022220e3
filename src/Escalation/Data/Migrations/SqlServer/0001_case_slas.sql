CREATE TABLE case_slas (
    case_id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    organization_id UNIQUEIDENTIFIER NOT NULL,
    support_plan NVARCHAR(20) NOT NULL,
    priority NVARCHAR(4) NOT NULL,
    started_at DATETIMEOFFSET NOT NULL,
    response_target_seconds BIGINT NOT NULL,
    resolution_target_seconds BIGINT NOT NULL,
    response_due_at DATETIMEOFFSET NOT NULL,
    resolution_due_at DATETIMEOFFSET NOT NULL,
    responded_at DATETIMEOFFSET NULL,
    resolved_at DATETIMEOFFSET NULL,
    closed_at DATETIMEOFFSET NULL,
    case_version BIGINT NOT NULL
);
