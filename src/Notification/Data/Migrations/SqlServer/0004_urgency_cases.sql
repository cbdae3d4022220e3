-- Issue 10: how urgent a notification is, and what the service knows of each case (from case
-- events, the newest version wins), so that events of other services that name only a case
-- (SLA warnings and breaches, escalations, pages) can say which case and reach its people.
ALTER TABLE notifications ADD urgency NVARCHAR(20) NOT NULL CONSTRAINT df_notifications_urgency DEFAULT 'NORMAL';
GO
CREATE TABLE known_cases (
    case_id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    organization_id UNIQUEIDENTIFIER NOT NULL,
    submitter_id UNIQUEIDENTIFIER NOT NULL,
    assignee_id UNIQUEIDENTIFIER NULL,
    title NVARCHAR(200) NOT NULL,
    priority NVARCHAR(4) NOT NULL,
    version BIGINT NOT NULL
);
