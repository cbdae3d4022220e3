-- Issue 10: how urgent a notification is, and what the service knows of each case (from case
-- events, the newest version wins), so that events of other services that name only a case
-- (SLA warnings and breaches, escalations, pages) can say which case and reach its people.
ALTER TABLE notifications ADD COLUMN urgency TEXT NOT NULL DEFAULT 'NORMAL';
CREATE TABLE known_cases (
    case_id TEXT NOT NULL PRIMARY KEY,
    organization_id TEXT NOT NULL,
    submitter_id TEXT NOT NULL,
    assignee_id TEXT NULL,
    title TEXT NOT NULL,
    priority TEXT NOT NULL,
    version INTEGER NOT NULL
);
