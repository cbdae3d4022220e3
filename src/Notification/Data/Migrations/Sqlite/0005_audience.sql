-- Issue 10 (recipients): what a notification asks of its reader (ACTION, INPUT or FYI, from the
-- RASCI letters of the recipient's party); the people who took part in a case (commenters; the
-- submitter and assignee are in known_cases); explicit subscriptions to a case, an RCA or an
-- organisation's P1s; and the organisation and owning party of each RCA the service heard of (the newest
-- event's owner wins).
ALTER TABLE notifications ADD COLUMN purpose TEXT NOT NULL DEFAULT 'FYI';
CREATE TABLE case_participants (
    case_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    party TEXT NOT NULL,
    since TEXT NOT NULL,
    PRIMARY KEY (case_id, person_id)
);
CREATE TABLE subscriptions (
    person_id TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id TEXT NOT NULL,
    party TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (person_id, target_kind, target_id)
);
CREATE INDEX ix_subscriptions_target ON subscriptions (target_kind, target_id);
CREATE TABLE known_rcas (
    rca_id TEXT NOT NULL PRIMARY KEY,
    organization_id TEXT NOT NULL,
    owner TEXT NOT NULL,
    owner_at TEXT NOT NULL
);
