-- Issue 10 (channels): one delivery per (event, recipient, channel) beyond in-app, with its state
-- and every attempt. A worker claims due deliveries (claimed_by/claimed_until: several replicas
-- share the table), sends, and records the outcome; finished deliveries are deleted after the
-- retention period (Notification:Delivery:Retention).
CREATE TABLE deliveries (
    id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    notification_id UNIQUEIDENTIFIER NOT NULL,
    event_id UNIQUEIDENTIFIER NOT NULL,
    recipient_kind NVARCHAR(40) NOT NULL,
    recipient_id NVARCHAR(100) NOT NULL,
    channel NVARCHAR(20) NOT NULL,
    state NVARCHAR(20) NOT NULL,
    address NVARCHAR(2000) NULL,
    attempts INT NOT NULL,
    next_attempt_at DATETIMEOFFSET NOT NULL,
    claimed_by NVARCHAR(64) NULL,
    claimed_until DATETIMEOFFSET NULL,
    last_error NVARCHAR(1000) NULL,
    created_at DATETIMEOFFSET NOT NULL,
    finished_at DATETIMEOFFSET NULL,
    CONSTRAINT uq_deliveries UNIQUE (event_id, recipient_kind, recipient_id, channel)
);
GO
CREATE INDEX ix_deliveries_due ON deliveries (state, next_attempt_at);
GO
CREATE INDEX ix_deliveries_notification ON deliveries (notification_id);
GO
CREATE INDEX ix_deliveries_finished ON deliveries (finished_at);
GO
CREATE INDEX ix_deliveries_claimed ON deliveries (claimed_by);
GO
CREATE TABLE delivery_attempts (
    delivery_id UNIQUEIDENTIFIER NOT NULL,
    attempt INT NOT NULL,
    at DATETIMEOFFSET NOT NULL,
    outcome NVARCHAR(20) NOT NULL,
    detail NVARCHAR(1000) NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
