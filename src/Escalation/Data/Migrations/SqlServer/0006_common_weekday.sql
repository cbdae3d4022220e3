-- Issue 12: the on-call restriction's weekday is the shared support.common.v1.Weekday
-- (WEEKDAY_MONDAY) instead of escalation's own OnCallWeekday (ON_CALL_WEEKDAY_MONDAY). Stored
-- layers are the proto's JSON, so their day names are renamed once.
UPDATE on_call_schedules SET layers_json = REPLACE(layers_json, '"ON_CALL_WEEKDAY_', '"WEEKDAY_')
WHERE layers_json LIKE '%ON\_CALL\_WEEKDAY\_%' ESCAPE '\';
