CREATE TABLE cases (
    id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    organization_id UNIQUEIDENTIFIER NOT NULL,
    submitter_id UNIQUEIDENTIFIER NOT NULL,
    request_id NVARCHAR(100) NOT NULL,
    status NVARCHAR(40) NOT NULL,
    version BIGINT NOT NULL,
    support_plan NVARCHAR(20) NOT NULL,
    title NVARCHAR(200) NOT NULL,
    type NVARCHAR(40) NOT NULL,
    priority NVARCHAR(4) NOT NULL,
    details NVARCHAR(MAX) NOT NULL,
    created_at DATETIMEOFFSET NOT NULL,
    updated_at DATETIMEOFFSET NOT NULL,
    acknowledged_at DATETIMEOFFSET NULL,
    resolved_at DATETIMEOFFSET NULL,
    closed_at DATETIMEOFFSET NULL,
    resolution_summary NVARCHAR(MAX) NULL,
    cause NVARCHAR(40) NULL,
    CONSTRAINT uq_cases_submitter_request UNIQUE (submitter_id, request_id)
);
GO
CREATE INDEX ix_cases_organization ON cases (organization_id, updated_at);
