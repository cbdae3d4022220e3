-- Issue 10 (webhooks): the organisations' endpoints. A delivery to one is a row of deliveries
-- with recipient_kind WEBHOOK_ENDPOINT and the endpoint's id. The previous secret keeps signing
-- beside the current one until previous_secret_expires_at (a rotation's overlap).
CREATE TABLE webhook_endpoints (
    id TEXT NOT NULL PRIMARY KEY,
    organization_id TEXT NOT NULL,
    url TEXT NOT NULL,
    event_types TEXT NOT NULL,
    description TEXT NOT NULL,
    secret TEXT NOT NULL,
    previous_secret TEXT NULL,
    previous_secret_expires_at TEXT NULL,
    state TEXT NOT NULL,
    disabled_reason TEXT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_webhook_endpoints_organization ON webhook_endpoints (organization_id);
