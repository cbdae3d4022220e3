ALTER TABLE organizations ADD
    valid_from DATETIMEOFFSET NULL,
    valid_until DATETIMEOFFSET NULL,
    calendar NVARCHAR(MAX) NULL,
    contract_version BIGINT NOT NULL CONSTRAINT df_organizations_contract_version DEFAULT 0,
    authorized_submitters INT NULL;
GO
UPDATE organizations SET valid_from = created_at, contract_version = 1 WHERE kind = 'CUSTOMER';
GO
ALTER TABLE people ADD
    deactivated_at DATETIMEOFFSET NULL,
    deactivation_reason NVARCHAR(2000) NULL;
GO
CREATE TABLE training_records (
    id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    person_id UNIQUEIDENTIFIER NOT NULL REFERENCES people (id),
    course NVARCHAR(200) NOT NULL,
    completed_at DATETIMEOFFSET NOT NULL,
    expires_at DATETIMEOFFSET NOT NULL,
    recorded_by UNIQUEIDENTIFIER NOT NULL,
    recorded_at DATETIMEOFFSET NOT NULL
);
GO
CREATE INDEX ix_training_records_person ON training_records (person_id);
