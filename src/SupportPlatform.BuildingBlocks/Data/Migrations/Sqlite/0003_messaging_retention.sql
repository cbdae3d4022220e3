CREATE TABLE maintenance_leases (
    name TEXT NOT NULL PRIMARY KEY,
    lease_owner TEXT NULL,
    lease_until TEXT NULL
);
INSERT INTO maintenance_leases (name) VALUES ('messaging-retention');
CREATE INDEX ix_outbox_messages_sent ON outbox_messages (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX ix_inbox_messages_received ON inbox_messages (received_at);
