-- Issue 8: functional and hierarchical escalations of cases, by hand or on a breach.
CREATE TABLE case_escalations (
    escalation_id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    case_id UNIQUEIDENTIFIER NOT NULL,
    organization_id UNIQUEIDENTIFIER NOT NULL,
    kind NVARCHAR(20) NOT NULL,
    from_level NVARCHAR(20) NOT NULL,
    to_level NVARCHAR(20) NOT NULL,
    trigger_kind NVARCHAR(20) NOT NULL,
    actor_id UNIQUEIDENTIFIER NULL,
    reason NVARCHAR(2000) NOT NULL,
    breached_target NVARCHAR(20) NULL,
    escalated_at DATETIMEOFFSET NOT NULL
);
GO
CREATE INDEX ix_case_escalations_case ON case_escalations (case_id, escalated_at);
