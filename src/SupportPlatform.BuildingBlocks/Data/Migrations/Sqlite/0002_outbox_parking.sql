ALTER TABLE outbox_messages ADD COLUMN parked_at TEXT NULL;
ALTER TABLE outbox_messages ADD COLUMN last_error TEXT NULL;
DROP INDEX ix_outbox_messages_unsent;
CREATE INDEX ix_outbox_messages_pending ON outbox_messages (id) WHERE sent_at IS NULL AND parked_at IS NULL;
CREATE INDEX ix_outbox_messages_parked ON outbox_messages (id) WHERE parked_at IS NOT NULL;
