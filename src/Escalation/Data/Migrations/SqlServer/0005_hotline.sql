-- Issue 8: calls to the 24x7 hotline recorded against cases, and the Premium Plus P1s that
-- expect one (a durable timer: flagged once when no call came in time).
CREATE TABLE hotline_calls (
    call_id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    case_id UNIQUEIDENTIFIER NOT NULL,
    organization_id UNIQUEIDENTIFIER NOT NULL,
    caller_name NVARCHAR(200) NOT NULL,
    caller_phone NVARCHAR(40) NULL,
    called_at DATETIMEOFFSET NOT NULL,
    engineer_id UNIQUEIDENTIFIER NOT NULL,
    notes NVARCHAR(2000) NULL,
    recorded_by UNIQUEIDENTIFIER NOT NULL,
    recorded_at DATETIMEOFFSET NOT NULL
);
GO
CREATE INDEX ix_hotline_calls_case ON hotline_calls (case_id, called_at);
GO
CREATE TABLE hotline_expectations (
    case_id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    organization_id UNIQUEIDENTIFIER NOT NULL,
    submitter_id UNIQUEIDENTIFIER NOT NULL,
    title NVARCHAR(200) NOT NULL,
    submitted_at DATETIMEOFFSET NOT NULL,
    expected_by DATETIMEOFFSET NOT NULL,
    called_at DATETIMEOFFSET NULL,
    flagged_at DATETIMEOFFSET NULL
);
GO
CREATE INDEX ix_hotline_expectations_due ON hotline_expectations (expected_by) WHERE called_at IS NULL AND flagged_at IS NULL;
GO
INSERT INTO maintenance_leases (name) VALUES ('hotline-watch');
