CREATE TABLE organizations (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    support_plan TEXT NULL,
    deployment TEXT NULL,
    time_zone TEXT NOT NULL,
    product_version TEXT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE people (
    id TEXT NOT NULL PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    display_name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    phone TEXT NULL,
    roles TEXT NOT NULL,
    password_hash TEXT NULL,
    active INTEGER NOT NULL,
    training_expires_at TEXT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_people_organization ON people (organization_id);
CREATE TABLE service_accounts (
    id TEXT NOT NULL PRIMARY KEY,
    client_id TEXT NOT NULL UNIQUE,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    display_name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    roles TEXT NOT NULL,
    active INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE signing_keys (
    key_id TEXT NOT NULL PRIMARY KEY,
    private_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    retired_at TEXT NULL
);
