ALTER TABLE organizations ADD COLUMN valid_from TEXT NULL;
ALTER TABLE organizations ADD COLUMN valid_until TEXT NULL;
ALTER TABLE organizations ADD COLUMN calendar TEXT NULL;
ALTER TABLE organizations ADD COLUMN contract_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organizations ADD COLUMN authorized_submitters INTEGER NULL;
UPDATE organizations SET valid_from = created_at, contract_version = 1 WHERE kind = 'CUSTOMER';
ALTER TABLE people ADD COLUMN deactivated_at TEXT NULL;
ALTER TABLE people ADD COLUMN deactivation_reason TEXT NULL;
CREATE TABLE training_records (
    id TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id),
    course TEXT NOT NULL,
    completed_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX ix_training_records_person ON training_records (person_id);
