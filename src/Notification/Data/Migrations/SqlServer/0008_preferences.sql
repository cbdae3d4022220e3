-- Issue 10 (preferences, quiet hours, digests): each person's choices, and the instant a
-- notification's due time falls at (an SLA target, an RCA, a page's next step), so that each
-- recipient's e-mail and SMS show it in the recipient's own time zone. A person without a row has
-- the defaults: their organisation's time zone, no quiet hours, no digest, every channel on.
-- A delivery waiting for the person's digest is HELD, one waiting for the end of their quiet
-- hours DEFERRED; both until next_attempt_at.
ALTER TABLE notifications ADD due_at DATETIMEOFFSET NULL;
GO
CREATE TABLE notification_preferences (
    person_id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    time_zone NVARCHAR(100) NOT NULL,
    quiet_start NVARCHAR(5) NULL,
    quiet_end NVARCHAR(5) NULL,
    digest NVARCHAR(10) NOT NULL,
    digest_time NVARCHAR(5) NOT NULL,
    updated_at DATETIMEOFFSET NOT NULL
);
GO
CREATE TABLE notification_opt_outs (
    person_id UNIQUEIDENTIFIER NOT NULL,
    category NVARCHAR(20) NOT NULL,
    channel NVARCHAR(10) NOT NULL,
    PRIMARY KEY (person_id, category, channel)
);
GO
CREATE INDEX ix_deliveries_recipient ON deliveries (recipient_id, channel, state);
