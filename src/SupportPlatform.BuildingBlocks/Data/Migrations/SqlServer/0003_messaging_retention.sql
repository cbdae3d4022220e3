CREATE TABLE maintenance_leases (
    name NVARCHAR(100) NOT NULL PRIMARY KEY,
    lease_owner NVARCHAR(100) NULL,
    lease_until DATETIMEOFFSET NULL
);
GO
INSERT INTO maintenance_leases (name) VALUES ('messaging-retention');
GO
CREATE INDEX ix_outbox_messages_sent ON outbox_messages (sent_at) WHERE sent_at IS NOT NULL;
GO
CREATE INDEX ix_inbox_messages_received ON inbox_messages (received_at);
