-- Issue 10 (preferences, quiet hours, digests): each person's choices, and the instant a
-- notification's due time falls at (an SLA target, an RCA, a page's next step), so that each
-- recipient's e-mail and SMS show it in the recipient's own time zone. A person without a row has
-- the defaults: their organisation's time zone, no quiet hours, no digest, every channel on.
-- A delivery waiting for the person's digest is HELD, one waiting for the end of their quiet
-- hours DEFERRED; both until next_attempt_at.
ALTER TABLE notifications ADD COLUMN due_at TEXT NULL;
CREATE TABLE notification_preferences (
    person_id TEXT NOT NULL PRIMARY KEY,
    time_zone TEXT NOT NULL,
    quiet_start TEXT NULL,
    quiet_end TEXT NULL,
    digest TEXT NOT NULL,
    digest_time TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE notification_opt_outs (
    person_id TEXT NOT NULL,
    category TEXT NOT NULL,
    channel TEXT NOT NULL,
    PRIMARY KEY (person_id, category, channel)
);
CREATE INDEX ix_deliveries_recipient ON deliveries (recipient_id, channel, state);
