CREATE TABLE rasci_tasks (
    task_id NVARCHAR(100) NOT NULL PRIMARY KEY,
    position INT NOT NULL,
    scope NVARCHAR(20) NOT NULL,
    name NVARCHAR(400) NOT NULL
);
GO
CREATE TABLE rasci_cells (
    task_id NVARCHAR(100) NOT NULL REFERENCES rasci_tasks (task_id),
    party NVARCHAR(20) NOT NULL,
    letters NVARCHAR(20) NOT NULL,
    PRIMARY KEY (task_id, party)
);
GO
CREATE TABLE rasci_overrides (
    organization_id UNIQUEIDENTIFIER NOT NULL REFERENCES organizations (id),
    version BIGINT NOT NULL,
    task_id NVARCHAR(100) NOT NULL REFERENCES rasci_tasks (task_id),
    party NVARCHAR(20) NOT NULL,
    previous_letters NVARCHAR(20) NOT NULL,
    letters NVARCHAR(20) NOT NULL,
    changed_by UNIQUEIDENTIFIER NOT NULL,
    changed_at DATETIMEOFFSET NOT NULL,
    reason NVARCHAR(2000) NOT NULL,
    PRIMARY KEY (organization_id, version)
);
