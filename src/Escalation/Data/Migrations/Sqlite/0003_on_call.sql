-- Issue 8, 24x7 on-call: schedules of rotation layers (kept as the proto's JSON) and overrides,
-- escalation policies, and pages walking a policy's steps from timers kept here. Seeds the
-- schedule "Premium Plus 24x7" (no layers yet) and the policy "Premium Plus P1" that pages its
-- on-call, which Premium Plus P1 cases use unless OnCall:P1PolicyId names another.
CREATE TABLE on_call_schedules (
    schedule_id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    layers_json TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NULL
);
CREATE TABLE on_call_overrides (
    override_id TEXT NOT NULL PRIMARY KEY,
    schedule_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NULL,
    removed_at TEXT NULL,
    removed_by TEXT NULL
);
CREATE INDEX ix_on_call_overrides_schedule ON on_call_overrides (schedule_id, ends_at);
CREATE TABLE escalation_policies (
    policy_id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    steps_json TEXT NOT NULL,
    repeats INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NULL
);
CREATE TABLE pages (
    page_id TEXT NOT NULL PRIMARY KEY,
    case_id TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    trigger_kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    urgency TEXT NOT NULL,
    policy_id TEXT NOT NULL,
    policy_version INTEGER NOT NULL,
    steps_json TEXT NOT NULL,
    repeats INTEGER NOT NULL,
    state TEXT NOT NULL,
    step INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    next_due_at TEXT NULL,
    acknowledged_at TEXT NULL,
    acknowledged_by TEXT NULL,
    exhausted_at TEXT NULL
);
CREATE UNIQUE INDEX ux_pages_case_trigger ON pages (case_id, trigger_kind);
CREATE INDEX ix_pages_next_due ON pages (next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX ix_pages_started ON pages (started_at, page_id);
CREATE TABLE page_steps (
    page_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    step INTEGER NOT NULL,
    person_ids TEXT NOT NULL,
    paged_at TEXT NOT NULL,
    escalates_at TEXT NULL,
    PRIMARY KEY (page_id, attempt, step)
);
INSERT INTO maintenance_leases (name) VALUES ('page-timers');
INSERT INTO on_call_schedules (schedule_id, name, time_zone, layers_json, version, created_at, updated_at, updated_by)
VALUES ('00000000-0000-4000-8000-000000024007', 'Premium Plus 24x7', 'UTC', '[]', 1,
        '2026-12-01T00:00:00.0000000Z', '2026-12-01T00:00:00.0000000Z', NULL);
INSERT INTO escalation_policies (policy_id, name, steps_json, repeats, version, created_at, updated_at, updated_by)
VALUES ('00000000-0000-4000-8000-0000000000a1', 'Premium Plus P1',
        '[{"scheduleIds":["00000000-0000-4000-8000-000000024007"],"ackTimeout":"600s"}]', 2, 1,
        '2026-12-01T00:00:00.0000000Z', '2026-12-01T00:00:00.0000000Z', NULL);
