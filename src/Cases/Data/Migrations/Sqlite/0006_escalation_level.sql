-- Issue 8: the escalation level the escalation service reports (CaseEscalated), shown on the case.
ALTER TABLE cases ADD COLUMN escalation_functional_level TEXT NULL;
ALTER TABLE cases ADD COLUMN escalated_to_manager INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN escalation_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN last_escalated_at TEXT NULL;
