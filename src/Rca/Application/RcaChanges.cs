using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Rca.Data;
using SupportPlatform.Rca.Domain;
using SupportPlatform.Rca.V1;

namespace SupportPlatform.Rca.Application;

/// <summary>
/// Every change of an RCA goes through one path (<see cref="ChangeAsync"/>): who may make it (the
/// organisation's RASCI matrix row for the RCA's cause), from which state, the version check, the
/// update, its history and its event in the outbox, in one transaction.
/// </summary>
public sealed class RcaChanges(Database database, Outbox outbox, ResponsibilityDirectory responsibilities, TimeProvider clock)
{
    /// <summary>What a change works with: its unit of work, the RCA (already at its next version), the parties and the time.</summary>
    public sealed class Context(UnitOfWork work, RcaRecord record, RcaParties parties, DateTimeOffset now, Caller caller)
    {
        public UnitOfWork Work { get; } = work;
        public RcaRecord Record { get; } = record;
        public RcaParties Parties { get; } = parties;
        public DateTimeOffset Now { get; } = now;
        public Caller Caller { get; } = caller;
        internal List<RcaHistoryRow> History { get; } = [];
        internal List<object> Events { get; } = [];

        /// <summary>Records a history entry of this change.</summary>
        public void Log(string action, string? field, string? oldValue, string? newValue, bool isInternal = false) =>
            LogFor(Record, action, field, oldValue, newValue, isInternal);

        /// <summary>Records a history entry of another RCA this change alters (at that RCA's new version), e.g. one a case moves out of.</summary>
        public void LogFor(RcaRecord rca, string action, string? field, string? oldValue, string? newValue, bool isInternal = false) =>
            History.Add(RcaHistoryRow.Of(rca.Id, rca.Version, Now, Caller, action, field, oldValue, newValue, isInternal));

        /// <summary>Raises an event with this change, through the outbox.</summary>
        public void Raise(object integrationEvent) => Events.Add(integrationEvent);
    }

    /// <summary>Reads an RCA the caller may see; another organisation's is NOT_FOUND, as one that does not exist.</summary>
    public async Task<RcaRecord> VisibleAsync(Caller caller, Guid rcaId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return Visible(caller, await RcaStore.FindAsync(connection, null, rcaId), rcaId);
    }

    public async Task<ActionRow?> FindActionAsync(Guid actionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await RcaStore.FindActionAsync(connection, null, actionId);
    }

    public async Task<RcaCaseRow?> FindCaseLinkAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await RcaStore.FindCaseAsync(connection, null, caseId);
    }

    /// <summary>Who plays which part in the RCA, from its organisation's matrix row for <paramref name="cause"/>.</summary>
    public async Task<RcaParties> PartiesAsync(Guid organizationId, string? cause, CancellationToken cancellationToken) =>
        RcaParties.From(await responsibilities.ResolveAsync(organizationId, RcaPolicy.OwnershipTask(cause), cancellationToken));

    /// <summary>
    /// PERMISSION_DENIED unless the caller plays the change's part, asked before work that calls
    /// other services (checking an action's owner or case), so that those answers reach only
    /// callers who may make the change; <see cref="ChangeAsync"/> asks again in its transaction.
    /// </summary>
    public async Task EnsureMayActAsync(Caller caller, RcaRecord rca, RcaLifecycle.Change change, Guid? actionOwnerId, CancellationToken cancellationToken) =>
        RcaLifecycle.EnsureMayAct(caller, change, await PartiesAsync(rca.OrganizationId, rca.Cause, cancellationToken), rca.OrganizationId, actionOwnerId);

    /// <summary>
    /// Makes one change: the caller must play the change's part in the RCA, the RCA must be at
    /// <paramref name="expectedVersion"/> and in a state the change starts from. <paramref name="apply"/>
    /// changes the record and the RCA's other rows, records history and raises events; the state
    /// move, the version, the approval and the history of the state are done here.
    /// </summary>
    /// <param name="actionOwnerId">For a change of an action: the person the action names.</param>
    public async Task<RcaRecord> ChangeAsync(
        Caller caller, Guid rcaId, long expectedVersion, RcaLifecycle.Change change, Func<Context, Task> apply,
        CancellationToken cancellationToken, Guid? actionOwnerId = null)
    {
        // The matrix is asked before the write transaction, so a cache miss never holds the
        // write lock over a network call; a cause changed meanwhile changed the version too.
        var current = await VisibleAsync(caller, rcaId, cancellationToken);
        var parties = await PartiesAsync(current.OrganizationId, current.Cause, cancellationToken);

        await using var work = await database.BeginAsync(cancellationToken);
        var record = Visible(caller, await RcaStore.FindAsync(work.Connection, work.Transaction, rcaId), rcaId);
        RcaLifecycle.EnsureMayAct(caller, change, parties, record.OrganizationId, actionOwnerId);
        if (record.Version != expectedVersion)
        {
            throw new ConflictException($"The RCA changed since version {expectedVersion}; it is at version {record.Version}. Read it again and retry.", record.Version);
        }
        RcaLifecycle.EnsureAllowed(change, ProtoEnums.Parse<RcaState>(record.State), rcaId);

        var now = clock.GetUtcNow();
        record.Version = expectedVersion + 1;
        record.UpdatedAt = now;
        var context = new Context(work, record, parties, now, caller);
        var before = record.State;
        await apply(context);
        if (change.To is { } to && record.State == before)
        {
            record.State = ProtoEnums.Name(to);
        }
        if (record.State != before)
        {
            context.Log(change.Action, "state", before, record.State);
        }
        if (change.ClearsApproval)
        {
            record.ApprovedAt = null;
        }
        if (!await RcaStore.UpdateAsync(work, record, expectedVersion))
        {
            throw new ConflictException("The RCA changed concurrently; read it again and retry.", await RcaStore.VersionAsync(work, rcaId));
        }
        foreach (var entry in context.History)
        {
            await RcaStore.InsertHistoryAsync(work, entry);
        }
        foreach (var integrationEvent in context.Events)
        {
            await outbox.EnqueueAsync(work, integrationEvent);
        }
        await outbox.CommitAsync(work, cancellationToken);
        return record;
    }

    /// <summary>Customers see only their own organisation's RCAs; anything else is NOT_FOUND.</summary>
    public static RcaRecord Visible(Caller caller, RcaRecord? record, Guid rcaId) =>
        record is not null && (caller.IsVendor || record.OrganizationId == caller.OrganizationId)
            ? record
            : throw new NotFoundException("rca", rcaId.ToString());
}
