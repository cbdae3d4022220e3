ALTER TABLE cases ADD request_hash CHAR(64) NULL;
