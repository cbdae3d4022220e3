using Dapper;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Cases.Data;
using SupportPlatform.Cases.V1;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Cases.Domain;

namespace SupportPlatform.Cases.Application;

/// <summary>
/// Vendor access to customer systems: the vendor asks, the customer decides, grants expire. Time
/// waiting for the decision is customer time: each event says whose move the case is after it,
/// decided from the case as the change left it (<see cref="ClockHolders"/>).
/// </summary>
public sealed class AccessCommands(Database database, Outbox outbox, CaseTransitions cases, TimeProvider clock)
{
    private const string Columns = """
        id AS Id, case_id AS CaseId, organization_id AS OrganizationId, requested_by AS RequestedBy, system_name AS SystemName,
        purpose AS Purpose, duration_seconds AS DurationSeconds, state AS State, requested_at AS RequestedAt,
        decided_at AS DecidedAt, decided_by AS DecidedBy, expires_at AS ExpiresAt, reason AS Reason
        """;

    public const string InsertGrantSql = """
        INSERT INTO access_grants (id, case_id, organization_id, requested_by, system_name, purpose, duration_seconds, state, requested_at)
        VALUES (@Id, @CaseId, @OrganizationId, @RequestedBy, @SystemName, @Purpose, @DurationSeconds, @State, @RequestedAt)
        """;

    public const string SelectGrantSql = "SELECT " + Columns + " FROM access_grants WHERE id = @Id";

    public const string SelectGrantsOfCaseSql = "SELECT " + Columns + " FROM access_grants WHERE case_id = @CaseId ORDER BY requested_at DESC";

    public const string UpdateGrantSql = """
        UPDATE access_grants SET state = @State, decided_at = @DecidedAt, decided_by = @DecidedBy, expires_at = @ExpiresAt, reason = @Reason
        WHERE id = @Id AND state = @ExpectedState
        """;

    public async Task<AccessGrantRecord> RequestAsync(Caller caller, Guid caseId, string system, string purpose, TimeSpan duration, CancellationToken cancellationToken)
    {
        var record = await cases.GetAsync(caller, caseId, cancellationToken);
        if (!CaseLifecycle.Open.Contains(record.StatusValue) || record.StatusValue == CaseStatus.Resolved)
        {
            throw new PreconditionException("CASE_STATE", $"cases/{caseId}", $"Access is requested for cases being worked, not for a case in state {record.Status}.");
        }
        var now = clock.GetUtcNow();
        var grant = new AccessGrantRecord
        {
            Id = Guid.NewGuid(),
            CaseId = record.Id,
            OrganizationId = record.OrganizationId,
            RequestedBy = caller.SubjectId,
            SystemName = system.Trim(),
            Purpose = purpose.Trim(),
            DurationSeconds = (long)duration.TotalSeconds,
            State = "REQUESTED",
            RequestedAt = now,
        };
        await using var work = await database.BeginAsync(cancellationToken);
        await work.Connection.ExecuteAsync(InsertGrantSql, grant, work.Transaction);
        await RecordAsync(work, grant, caller, now, HistoryActions.AccessRequested, null, "REQUESTED");
        return grant;
    }

    public Task<AccessGrantRecord> ApproveAsync(Caller caller, Guid grantId, CancellationToken cancellationToken) =>
        DecideAsync(caller, grantId, "REQUESTED", "APPROVED", reason: null, customerOnly: true, cancellationToken);

    public Task<AccessGrantRecord> DenyAsync(Caller caller, Guid grantId, string reason, CancellationToken cancellationToken) =>
        DecideAsync(caller, grantId, "REQUESTED", "DENIED", reason, customerOnly: true, cancellationToken);

    public Task<AccessGrantRecord> RevokeAsync(Caller caller, Guid grantId, string reason, CancellationToken cancellationToken) =>
        DecideAsync(caller, grantId, "APPROVED", "REVOKED", reason, customerOnly: false, cancellationToken);

    public async Task<IReadOnlyList<AccessGrantRecord>> ListAsync(Caller caller, Guid caseId, CancellationToken cancellationToken)
    {
        await cases.GetAsync(caller, caseId, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AccessGrantRecord>(SelectGrantsOfCaseSql, new { CaseId = caseId })).ToList();
    }

    private async Task<AccessGrantRecord> DecideAsync(
        Caller caller, Guid grantId, string from, string to, string? reason, bool customerOnly, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        var grant = await work.Connection.QuerySingleOrDefaultAsync<AccessGrantRecord>(SelectGrantSql, new { Id = grantId }, work.Transaction);
        if (grant is null || !(caller.IsVendor || caller.OrganizationId == grant.OrganizationId))
        {
            throw new NotFoundException("access grant", grantId.ToString());
        }
        // The customer owns its systems: it approves and denies; either party may revoke.
        if (customerOnly ? !caller.IsCustomer : !(caller.IsCustomer || caller.IsVendorEngineer))
        {
            throw new PermissionException("CUSTOMER_DECIDES", "Only the customer whose systems they are decides on access requests.");
        }
        var now = clock.GetUtcNow();
        if (grant.StateAt(now) != ProtoEnums.Parse<AccessState>(from))
        {
            throw new PreconditionException("ACCESS_STATE", $"accessGrants/{grantId}",
                $"The request is {ProtoEnums.Name(grant.StateAt(now))}; this needs it to be {from}.");
        }
        var previous = grant.State;
        grant.State = to;
        if (to != "REVOKED")
        {
            grant.DecidedAt = now;
            grant.DecidedBy = caller.SubjectId;
        }
        if (to == "APPROVED")
        {
            grant.ExpiresAt = now.AddSeconds(grant.DurationSeconds);
        }
        grant.Reason = reason?.Trim();
        await work.Connection.ExecuteAsync(UpdateGrantSql, new
        {
            grant.Id, grant.State, grant.DecidedAt, grant.DecidedBy, grant.ExpiresAt, grant.Reason, ExpectedState = previous,
        }, work.Transaction);
        await RecordAsync(work, grant, caller, now, HistoryActions.OfAccessState(to), previous, to);
        return grant;
    }

    /// <summary>
    /// The history entry and event of a grant's change, after the grant's row was written in
    /// <paramref name="work"/>: the case is read there, so its clock holder counts this change.
    /// </summary>
    private async Task RecordAsync(UnitOfWork work, AccessGrantRecord grant, Caller caller, DateTimeOffset now,
        string action, string? previous, string state)
    {
        var record = (await CaseSql.FindAsync(work, grant.CaseId))!;
        await CaseTransitions.AddHistoryAsync(work, record, caller, now, [new HistoryChange(action, "access:" + grant.SystemName, previous, state)]);
        var snapshot = record.ToSnapshot(now);
        await outbox.EnqueueAsync(work, new CaseAccessChanged(snapshot, grant.Id, state, grant.SystemName, caller.SubjectId, grant.ExpiresAt, snapshot.ClockHolder!, now));
        await outbox.CommitAsync(work);
    }
}
