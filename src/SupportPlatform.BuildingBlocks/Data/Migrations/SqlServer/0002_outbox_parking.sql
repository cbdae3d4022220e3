ALTER TABLE outbox_messages ADD parked_at DATETIMEOFFSET NULL, last_error NVARCHAR(1000) NULL;
GO
DROP INDEX ix_outbox_messages_unsent ON outbox_messages;
GO
CREATE INDEX ix_outbox_messages_pending ON outbox_messages (id) WHERE sent_at IS NULL AND parked_at IS NULL;
GO
CREATE INDEX ix_outbox_messages_parked ON outbox_messages (id) WHERE parked_at IS NOT NULL;
