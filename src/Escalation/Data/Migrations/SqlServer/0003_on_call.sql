-- Issue 8, 24x7 on-call: schedules of rotation layers (kept as the proto's JSON) and overrides,
-- escalation policies, and pages walking a policy's steps from timers kept here. Seeds the
-- schedule "Premium Plus 24x7" (no layers yet) and the policy "Premium Plus P1" that pages its
-- on-call, which Premium Plus P1 cases use unless OnCall:P1PolicyId names another.
CREATE TABLE on_call_schedules (
    schedule_id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    name NVARCHAR(200) NOT NULL,
    time_zone NVARCHAR(64) NOT NULL,
    layers_json NVARCHAR(MAX) NOT NULL,
    version BIGINT NOT NULL,
    created_at DATETIMEOFFSET NOT NULL,
    updated_at DATETIMEOFFSET NOT NULL,
    updated_by UNIQUEIDENTIFIER NULL
);
GO
CREATE TABLE on_call_overrides (
    override_id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    schedule_id UNIQUEIDENTIFIER NOT NULL,
    person_id UNIQUEIDENTIFIER NOT NULL,
    starts_at DATETIMEOFFSET NOT NULL,
    ends_at DATETIMEOFFSET NOT NULL,
    created_at DATETIMEOFFSET NOT NULL,
    created_by UNIQUEIDENTIFIER NULL,
    removed_at DATETIMEOFFSET NULL,
    removed_by UNIQUEIDENTIFIER NULL
);
GO
CREATE INDEX ix_on_call_overrides_schedule ON on_call_overrides (schedule_id, ends_at);
GO
CREATE TABLE escalation_policies (
    policy_id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    name NVARCHAR(200) NOT NULL,
    steps_json NVARCHAR(MAX) NOT NULL,
    repeats INT NOT NULL,
    version BIGINT NOT NULL,
    created_at DATETIMEOFFSET NOT NULL,
    updated_at DATETIMEOFFSET NOT NULL,
    updated_by UNIQUEIDENTIFIER NULL
);
GO
CREATE TABLE pages (
    page_id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    case_id UNIQUEIDENTIFIER NOT NULL,
    organization_id UNIQUEIDENTIFIER NOT NULL,
    trigger_kind NVARCHAR(40) NOT NULL,
    reason NVARCHAR(400) NOT NULL,
    urgency NVARCHAR(20) NOT NULL,
    policy_id UNIQUEIDENTIFIER NOT NULL,
    policy_version BIGINT NOT NULL,
    steps_json NVARCHAR(MAX) NOT NULL,
    repeats INT NOT NULL,
    state NVARCHAR(20) NOT NULL,
    step INT NOT NULL,
    attempt INT NOT NULL,
    started_at DATETIMEOFFSET NOT NULL,
    next_due_at DATETIMEOFFSET NULL,
    acknowledged_at DATETIMEOFFSET NULL,
    acknowledged_by UNIQUEIDENTIFIER NULL,
    exhausted_at DATETIMEOFFSET NULL
);
GO
CREATE UNIQUE INDEX ux_pages_case_trigger ON pages (case_id, trigger_kind);
GO
CREATE INDEX ix_pages_next_due ON pages (next_due_at) WHERE next_due_at IS NOT NULL;
GO
CREATE INDEX ix_pages_started ON pages (started_at, page_id);
GO
CREATE TABLE page_steps (
    page_id UNIQUEIDENTIFIER NOT NULL,
    attempt INT NOT NULL,
    step INT NOT NULL,
    person_ids NVARCHAR(MAX) NOT NULL,
    paged_at DATETIMEOFFSET NOT NULL,
    escalates_at DATETIMEOFFSET NULL,
    PRIMARY KEY (page_id, attempt, step)
);
GO
INSERT INTO maintenance_leases (name) VALUES ('page-timers');
GO
INSERT INTO on_call_schedules (schedule_id, name, time_zone, layers_json, version, created_at, updated_at, updated_by)
VALUES ('00000000-0000-4000-8000-000000024007', 'Premium Plus 24x7', 'UTC', '[]', 1,
        '2026-12-01T00:00:00+00:00', '2026-12-01T00:00:00+00:00', NULL);
GO
INSERT INTO escalation_policies (policy_id, name, steps_json, repeats, version, created_at, updated_at, updated_by)
VALUES ('00000000-0000-4000-8000-0000000000a1', 'Premium Plus P1',
        '[{"scheduleIds":["00000000-0000-4000-8000-000000024007"],"ackTimeout":"600s"}]', 2, 1,
        '2026-12-01T00:00:00+00:00', '2026-12-01T00:00:00+00:00', NULL);
