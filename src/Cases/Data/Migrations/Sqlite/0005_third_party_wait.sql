ALTER TABLE cases ADD COLUMN third_party TEXT NULL;
ALTER TABLE cases ADD COLUMN third_party_since TEXT NULL;
