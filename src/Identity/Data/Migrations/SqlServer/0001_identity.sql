CREATE TABLE organizations (
    id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    name NVARCHAR(200) NOT NULL UNIQUE,
    kind NVARCHAR(20) NOT NULL,
    support_plan NVARCHAR(20) NULL,
    deployment NVARCHAR(20) NULL,
    time_zone NVARCHAR(100) NOT NULL,
    product_version NVARCHAR(50) NULL,
    created_at DATETIMEOFFSET NOT NULL
);
GO
CREATE TABLE people (
    id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    organization_id UNIQUEIDENTIFIER NOT NULL REFERENCES organizations (id),
    display_name NVARCHAR(200) NOT NULL,
    email NVARCHAR(320) NOT NULL UNIQUE,
    phone NVARCHAR(20) NULL,
    roles NVARCHAR(400) NOT NULL,
    password_hash NVARCHAR(400) NULL,
    active BIT NOT NULL,
    training_expires_at DATETIMEOFFSET NULL,
    created_at DATETIMEOFFSET NOT NULL
);
GO
CREATE INDEX ix_people_organization ON people (organization_id);
GO
CREATE TABLE service_accounts (
    id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    client_id NVARCHAR(100) NOT NULL UNIQUE,
    organization_id UNIQUEIDENTIFIER NOT NULL REFERENCES organizations (id),
    display_name NVARCHAR(200) NOT NULL,
    secret_hash NVARCHAR(400) NOT NULL,
    roles NVARCHAR(400) NOT NULL,
    active BIT NOT NULL,
    created_at DATETIMEOFFSET NOT NULL
);
GO
CREATE TABLE signing_keys (
    key_id NVARCHAR(100) NOT NULL PRIMARY KEY,
    private_key NVARCHAR(MAX) NOT NULL,
    created_at DATETIMEOFFSET NOT NULL,
    retired_at DATETIMEOFFSET NULL
);
