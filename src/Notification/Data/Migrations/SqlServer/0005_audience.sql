-- Issue 10 (recipients): what a notification asks of its reader (ACTION, INPUT or FYI, from the
-- RASCI letters of the recipient's party); the people who took part in a case (commenters; the
-- submitter and assignee are in known_cases); explicit subscriptions to a case, an RCA or an
-- organisation's P1s; and the organisation and owning party of each RCA the service heard of (the newest
-- event's owner wins).
ALTER TABLE notifications ADD purpose NVARCHAR(10) NOT NULL CONSTRAINT df_notifications_purpose DEFAULT 'FYI';
GO
CREATE TABLE case_participants (
    case_id UNIQUEIDENTIFIER NOT NULL,
    person_id UNIQUEIDENTIFIER NOT NULL,
    party NVARCHAR(20) NOT NULL,
    since DATETIMEOFFSET NOT NULL,
    PRIMARY KEY (case_id, person_id)
);
GO
CREATE TABLE subscriptions (
    person_id UNIQUEIDENTIFIER NOT NULL,
    target_kind NVARCHAR(20) NOT NULL,
    target_id UNIQUEIDENTIFIER NOT NULL,
    party NVARCHAR(20) NOT NULL,
    organization_id UNIQUEIDENTIFIER NOT NULL,
    created_at DATETIMEOFFSET NOT NULL,
    PRIMARY KEY (person_id, target_kind, target_id)
);
GO
CREATE INDEX ix_subscriptions_target ON subscriptions (target_kind, target_id);
GO
CREATE TABLE known_rcas (
    rca_id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    organization_id UNIQUEIDENTIFIER NOT NULL,
    owner NVARCHAR(20) NOT NULL,
    owner_at DATETIMEOFFSET NOT NULL
);
