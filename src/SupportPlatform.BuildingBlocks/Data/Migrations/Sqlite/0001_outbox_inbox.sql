CREATE TABLE outbox_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    message_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    trace_parent TEXT NULL,
    created_at TEXT NOT NULL,
    lease_owner TEXT NULL,
    lease_until TEXT NULL,
    sent_at TEXT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_outbox_messages_unsent ON outbox_messages (id) WHERE sent_at IS NULL;
CREATE TABLE inbox_messages (
    message_id TEXT NOT NULL,
    consumer TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (message_id, consumer)
);
