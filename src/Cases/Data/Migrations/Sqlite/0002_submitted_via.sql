ALTER TABLE cases ADD COLUMN submitted_via TEXT NULL;
