-- Issue 10 (channels): one delivery per (event, recipient, channel) beyond in-app, with its state
-- and every attempt. A worker claims due deliveries (claimed_by/claimed_until: several replicas
-- share the table), sends, and records the outcome; finished deliveries are deleted after the
-- retention period (Notification:Delivery:Retention).
CREATE TABLE deliveries (
    id TEXT NOT NULL PRIMARY KEY,
    notification_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    recipient_kind TEXT NOT NULL,
    recipient_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    state TEXT NOT NULL,
    address TEXT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    claimed_by TEXT NULL,
    claimed_until TEXT NULL,
    last_error TEXT NULL,
    created_at TEXT NOT NULL,
    finished_at TEXT NULL,
    UNIQUE (event_id, recipient_kind, recipient_id, channel)
);
CREATE INDEX ix_deliveries_due ON deliveries (state, next_attempt_at);
CREATE INDEX ix_deliveries_notification ON deliveries (notification_id);
CREATE INDEX ix_deliveries_finished ON deliveries (finished_at);
CREATE INDEX ix_deliveries_claimed ON deliveries (claimed_by);
CREATE TABLE delivery_attempts (
    delivery_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    at TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
