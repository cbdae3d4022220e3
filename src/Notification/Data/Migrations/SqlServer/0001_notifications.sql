CREATE TABLE notifications (
    seq BIGINT IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    id UNIQUEIDENTIFIER NOT NULL UNIQUE,
    event_id UNIQUEIDENTIFIER NOT NULL,
    recipient_kind NVARCHAR(40) NOT NULL,
    recipient_id NVARCHAR(100) NOT NULL,
    channel NVARCHAR(20) NOT NULL,
    event_type NVARCHAR(100) NOT NULL,
    subject NVARCHAR(400) NOT NULL,
    body NVARCHAR(MAX) NOT NULL,
    case_id UNIQUEIDENTIFIER NULL,
    rca_id UNIQUEIDENTIFIER NULL,
    created_at DATETIMEOFFSET NOT NULL,
    CONSTRAINT uq_notifications_delivery UNIQUE (event_id, recipient_kind, recipient_id, channel)
);
GO
CREATE INDEX ix_notifications_recipient ON notifications (recipient_kind, recipient_id, seq);
