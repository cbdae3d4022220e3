-- Issue 14: a revision every UPDATE of a case adds one to (the version counts only the changes
-- clients make; an escalation changes the row without it). GetCase keeps cases it read in memory
-- and serves one again only while its row still has the revision it was read at.
ALTER TABLE cases ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
