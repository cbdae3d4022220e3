CREATE TABLE notifications (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    event_id TEXT NOT NULL,
    recipient_kind TEXT NOT NULL,
    recipient_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    event_type TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    case_id TEXT NULL,
    rca_id TEXT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (event_id, recipient_kind, recipient_id, channel)
);
CREATE INDEX ix_notifications_recipient ON notifications (recipient_kind, recipient_id, seq);
