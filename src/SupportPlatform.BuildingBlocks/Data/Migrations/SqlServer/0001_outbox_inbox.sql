CREATE TABLE outbox_messages (
    id BIGINT IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    message_id UNIQUEIDENTIFIER NOT NULL UNIQUE,
    message_type NVARCHAR(200) NOT NULL,
    payload NVARCHAR(MAX) NOT NULL,
    trace_parent NVARCHAR(200) NULL,
    created_at DATETIMEOFFSET NOT NULL,
    lease_owner NVARCHAR(100) NULL,
    lease_until DATETIMEOFFSET NULL,
    sent_at DATETIMEOFFSET NULL,
    attempts INT NOT NULL DEFAULT 0
);
GO
CREATE INDEX ix_outbox_messages_unsent ON outbox_messages (id) WHERE sent_at IS NULL;
GO
CREATE TABLE inbox_messages (
    message_id UNIQUEIDENTIFIER NOT NULL,
    consumer NVARCHAR(200) NOT NULL,
    received_at DATETIMEOFFSET NOT NULL,
    PRIMARY KEY (message_id, consumer)
);
