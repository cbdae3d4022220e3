-- Issue 10 (webhooks): the organisations' endpoints. A delivery to one is a row of deliveries
-- with recipient_kind WEBHOOK_ENDPOINT and the endpoint's id. The previous secret keeps signing
-- beside the current one until previous_secret_expires_at (a rotation's overlap).
CREATE TABLE webhook_endpoints (
    id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    organization_id UNIQUEIDENTIFIER NOT NULL,
    url NVARCHAR(2000) NOT NULL,
    event_types NVARCHAR(4000) NOT NULL,
    description NVARCHAR(500) NOT NULL,
    secret NVARCHAR(100) NOT NULL,
    previous_secret NVARCHAR(100) NULL,
    previous_secret_expires_at DATETIMEOFFSET NULL,
    state NVARCHAR(20) NOT NULL,
    disabled_reason NVARCHAR(500) NULL,
    created_by UNIQUEIDENTIFIER NOT NULL,
    created_at DATETIMEOFFSET NOT NULL
);
GO
CREATE INDEX ix_webhook_endpoints_organization ON webhook_endpoints (organization_id);
