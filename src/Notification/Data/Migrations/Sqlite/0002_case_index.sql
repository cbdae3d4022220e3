CREATE INDEX ix_notifications_case ON notifications (case_id, seq);
