CREATE TABLE rasci_tasks (
    task_id TEXT NOT NULL PRIMARY KEY,
    position INTEGER NOT NULL,
    scope TEXT NOT NULL,
    name TEXT NOT NULL
);
CREATE TABLE rasci_cells (
    task_id TEXT NOT NULL REFERENCES rasci_tasks (task_id),
    party TEXT NOT NULL,
    letters TEXT NOT NULL,
    PRIMARY KEY (task_id, party)
);
CREATE TABLE rasci_overrides (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    version INTEGER NOT NULL,
    task_id TEXT NOT NULL REFERENCES rasci_tasks (task_id),
    party TEXT NOT NULL,
    previous_letters TEXT NOT NULL,
    letters TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (organization_id, version)
);
