-- Issue 10 (in-app): read or unread, per person. A person's read mark says everything up to a
-- position is read; single notifications read above it are rows of notification_reads, dropped
-- once the mark passes them.
CREATE TABLE notification_read_marks (
    person_id TEXT NOT NULL PRIMARY KEY,
    read_up_to INTEGER NOT NULL,
    marked_at TEXT NOT NULL
);
CREATE TABLE notification_reads (
    notification_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    read_at TEXT NOT NULL,
    PRIMARY KEY (notification_id, person_id)
);
CREATE INDEX ix_notification_reads_person ON notification_reads (person_id);
