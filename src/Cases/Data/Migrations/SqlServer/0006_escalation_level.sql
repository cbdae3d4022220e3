-- Issue 8: the escalation level the escalation service reports (CaseEscalated), shown on the case.
ALTER TABLE cases ADD
    escalation_functional_level NVARCHAR(4) NULL,
    escalated_to_manager BIT NOT NULL CONSTRAINT df_cases_escalated_to_manager DEFAULT 0,
    escalation_count INT NOT NULL CONSTRAINT df_cases_escalation_count DEFAULT 0,
    last_escalated_at DATETIMEOFFSET NULL;
