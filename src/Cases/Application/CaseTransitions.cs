using Dapper;
using Microsoft.Extensions.Options;
using Grpc.Core;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Cases.Data;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Cases.Domain;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Cases.Application;

/// <summary>
/// Every change of an existing case goes through one path (<see cref="ChangeAsync"/>): who may
/// make it (the organisation's RASCI matrix), from which state, the version check, the update,
/// its history and its event in the outbox, in one transaction. Auto-close takes the same path
/// with the platform as the actor.
/// </summary>
public sealed class CaseTransitions(
    Database database, Outbox outbox, PeopleService.PeopleServiceClient people, ResponsibilityDirectory responsibilities,
    CaseChangeSignal changes, IOptions<CaseOptions> options, TimeProvider clock, CaseReadCache kept)
{
    public async Task<CaseRecord> GetAsync(Caller caller, Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return Visible(caller, await connection.QuerySingleOrDefaultAsync<CaseRecord>(CaseSql.SelectByIdSql, new { Id = caseId }), caseId);
    }

    /// <summary>
    /// GetCase's answer: the case kept in memory when its row still has the revision it was read
    /// at (one look-up of that column), else the row read whole and kept. The caller's right to
    /// see the case is checked on every call.
    /// </summary>
    public async Task<Case> ReadAsync(Caller caller, Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (kept.TryGet(caseId, out var entry)
            && await connection.ExecuteScalarAsync<long?>(CaseSql.SelectRevisionSql, new { Id = caseId }) == entry.Revision)
        {
            kept.CountHit();
            return MayRead(caller, entry.OrganizationId) ? entry.Case : throw new NotFoundException("case", caseId.ToString());
        }
        var record = Visible(caller, await connection.QuerySingleOrDefaultAsync<CaseRecord>(CaseSql.SelectByIdSql, new { Id = caseId }), caseId);
        var answer = record.ToProto();
        kept.Keep(caseId, new CaseReadCache.Entry(record.Revision, record.OrganizationId, answer));
        return answer;
    }

    public Task<CaseRecord> AcknowledgeAsync(Caller caller, Guid caseId, long version, CancellationToken cancellationToken) =>
        ChangeAsync(caller, caseId, version, CaseLifecycle.Acknowledge, (record, now) =>
        {
            record.AcknowledgedAt = now;
            return new Effect(new CaseAcknowledged(record.ToSnapshot(now), caller.SubjectId, now), []);
        }, cancellationToken);

    public Task<CaseRecord> RequestCustomerInfoAsync(Caller caller, Guid caseId, long version, string question, CancellationToken cancellationToken) =>
        ChangeAsync(caller, caseId, version, CaseLifecycle.RequestInfo, (record, now) =>
            new Effect(new CaseCustomerInfoRequested(record.ToSnapshot(now), caller.SubjectId, question.Trim(), now),
                [Comment(question, isInternal: false)]), cancellationToken);

    public Task<CaseRecord> ProvideCustomerInfoAsync(Caller caller, Guid caseId, long version, string answer, CancellationToken cancellationToken) =>
        ChangeAsync(caller, caseId, version, CaseLifecycle.ProvideInfo, (record, now) =>
            new Effect(new CaseCustomerInfoProvided(record.ToSnapshot(now), caller.SubjectId, answer.Trim(), now),
                [Comment(answer, isInternal: false)]), cancellationToken);

    public Task<CaseRecord> ResolveAsync(Caller caller, Guid caseId, long version, string summary, CauseAttribution cause, CancellationToken cancellationToken) =>
        ChangeAsync(caller, caseId, version, CaseLifecycle.Resolve, (record, now) =>
        {
            if (record.Type == ProtoEnums.Name(CaseType.Incident) && !ProtoEnums.IsSet(cause))
            {
                new Violations().Add("cause", "is required to resolve an incident: it decides who owns the root cause analysis").ThrowIfAny();
            }
            record.ResolvedAt = now;
            record.ResolutionSummary = summary.Trim();
            record.Cause = ProtoEnums.IsSet(cause) ? ProtoEnums.Name(cause) : null;
            return new Effect(new CaseResolved(record.ToSnapshot(now), caller.SubjectId, now),
                [new HistoryChange(HistoryActions.Resolved, "resolution", null, record.ResolutionSummary), new HistoryChange(HistoryActions.Resolved, "cause", null, record.Cause)]);
        }, cancellationToken);

    public Task<CaseRecord> CloseAsync(Caller caller, Guid caseId, long version, CancellationToken cancellationToken) =>
        ChangeAsync(caller, caseId, version, CaseLifecycle.Close, (record, now) =>
        {
            record.ClosedAt = now;
            return new Effect(new CaseClosed(record.ToSnapshot(now), caller.SubjectId, now), []);
        }, cancellationToken);

    public Task<CaseRecord> ReopenAsync(Caller caller, Guid caseId, long version, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(caller, caseId, version, CaseLifecycle.Reopen, (record, now) =>
        {
            var window = options.Value.ReopenWindow;
            if (record.ResolvedAt is { } resolved && now - resolved > window)
            {
                throw new PreconditionException("REOPEN_WINDOW", $"cases/{record.Id}",
                    $"The case was resolved on {resolved:yyyy-MM-dd HH:mm} UTC; it can be reopened for {window.TotalDays:0.#} days after resolution. Submit a new case instead.");
            }
            record.ResolvedAt = null;
            return new Effect(new CaseReopened(record.ToSnapshot(now), caller.SubjectId, reason.Trim(), now), [Comment(reason, isInternal: false)]);
        }, cancellationToken);

    public Task<CaseRecord> ReturnAsync(Caller caller, Guid caseId, long version, ReturnReason reason, string explanation, CancellationToken cancellationToken) =>
        ChangeAsync(caller, caseId, version, CaseLifecycle.Return, (record, now) =>
        {
            record.ReturnReason = ProtoEnums.Name(reason);
            return new Effect(new CaseReturned(record.ToSnapshot(now), caller.SubjectId, record.ReturnReason, explanation.Trim(), now),
                [new HistoryChange(HistoryActions.Returned, "return_reason", null, record.ReturnReason), Comment(explanation, isInternal: false)]);
        }, cancellationToken);

    public Task<CaseRecord> WithdrawAsync(Caller caller, Guid caseId, long version, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(caller, caseId, version, CaseLifecycle.Withdraw, (record, now) =>
            new Effect(new CaseWithdrawn(record.ToSnapshot(now), caller.SubjectId, reason.Trim(), now), [Comment(reason, isInternal: false)]),
            cancellationToken);

    public Task<CaseRecord> StartThirdPartyWaitAsync(Caller caller, Guid caseId, long version, string thirdParty, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(caller, caseId, version, CaseLifecycle.StartThirdPartyWait, (record, now) =>
        {
            var started = ThirdPartyWait.Start(record, thirdParty, now);
            return new Effect(new CaseThirdPartyWaitChanged(record.ToSnapshot(now), caller.SubjectId, record.ThirdParty, reason.Trim(), now),
                [started, Comment(reason, isInternal: false)]);
        }, cancellationToken);

    public Task<CaseRecord> EndThirdPartyWaitAsync(Caller caller, Guid caseId, long version, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(caller, caseId, version, CaseLifecycle.EndThirdPartyWait, (record, now) =>
        {
            var ended = ThirdPartyWait.End(record);
            return new Effect(new CaseThirdPartyWaitChanged(record.ToSnapshot(now), caller.SubjectId, null, reason.Trim(), now),
                [ended, Comment(reason, isInternal: false)]);
        }, cancellationToken);

    public async Task<CaseRecord> AssignAsync(Caller caller, Guid caseId, long version, Guid engineerId, SupportTier tier, CancellationToken cancellationToken)
    {
        // The assignee must be an active vendor engineer of the tier (an L3 engineer may also
        // take L2 work).
        Person engineer;
        try
        {
            engineer = (await people.GetPersonAsync(new GetPersonRequest { PersonId = engineerId.ToString() },
                new Metadata { { "authorization", "Bearer " + caller.AccessToken } }, cancellationToken: cancellationToken)).Person;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            throw new ValidationException([new Google.Rpc.BadRequest.Types.FieldViolation { Field = "engineer_id", Description = "is not a known person" }]);
        }
        var qualified = tier == SupportTier.L3 ? engineer.Roles.Contains(Role.L3Engineer) : engineer.Roles.Any(r => r is Role.L2Engineer or Role.L3Engineer);
        if (!engineer.Active || !qualified)
        {
            throw new ValidationException([new Google.Rpc.BadRequest.Types.FieldViolation
            {
                Field = "engineer_id",
                Description = $"must be an active vendor engineer qualified for {ProtoEnums.Name(tier)}",
            }]);
        }
        return await ChangeAsync(caller, caseId, version, CaseLifecycle.Assign, (record, now) =>
        {
            var previousAssignee = record.AssigneeId?.ToString();
            var previousTier = record.Tier;
            record.AssigneeId = engineerId;
            record.Tier = ProtoEnums.Name(tier);
            List<HistoryChange> changed =
            [
                new(HistoryActions.Assigned, "assignee", previousAssignee, engineerId.ToString()),
                new(HistoryActions.Assigned, "tier", previousTier, record.Tier),
            ];
            if (record.StatusValue == CaseStatus.Acknowledged)
            {
                // Assignment starts the work on an acknowledged case.
                changed.Add(new HistoryChange(HistoryActions.WorkStarted, "status", record.Status, ProtoEnums.Name(CaseStatus.InProgress)));
                record.Status = ProtoEnums.Name(CaseStatus.InProgress);
            }
            return new Effect(new CaseAssigned(record.ToSnapshot(now), caller.SubjectId, engineerId, record.Tier, now), changed);
        }, cancellationToken);
    }

    public Task<CaseRecord> ChangePriorityAsync(Caller caller, Guid caseId, long version, Priority priority, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(caller, caseId, version, CaseLifecycle.ChangePriority, (record, now) =>
        {
            var details = record.ParseDetails();
            if (priority is Priority.P1 or Priority.P2 && string.IsNullOrWhiteSpace(details.BusinessImpact))
            {
                new Violations().Add("priority", "P1 and P2 need a business impact statement: add it by commenting, or resubmit the case").ThrowIfAny();
            }
            var previous = record.Priority;
            record.Priority = ProtoEnums.Name(priority);
            details.Priority = priority;
            record.SetDetails(details);
            return new Effect(new CasePriorityChanged(record.ToSnapshot(now), caller.SubjectId, previous, reason.Trim(), now),
                [new HistoryChange(HistoryActions.PriorityChanged, "priority", previous, record.Priority), Comment("Priority changed: " + reason, isInternal: false)]);
        }, cancellationToken);

    public async Task<(CaseRecord Case, HistoryRow Entry)> AddCommentAsync(
        Caller caller, Guid caseId, long version, string body, CommentVisibility visibility, CancellationToken cancellationToken)
    {
        var isInternal = visibility == CommentVisibility.Internal;
        if (isInternal && !caller.IsVendor)
        {
            throw new PermissionException("VENDOR_ONLY", "Internal notes are for vendor staff only.");
        }
        var record = await ChangeAsync(caller, caseId, version, CaseLifecycle.Comment, (record, now) =>
            new Effect(isInternal ? null : new CaseCommentAdded(record.ToSnapshot(now), caller.SubjectId, caller.MatrixParty, body.Trim(), now),
                [Comment(body, isInternal)]), cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var entry = (await connection.QueryAsync<HistoryRow>(CaseSql.SelectHistorySql, new { CaseId = caseId, IncludeInternal = 1 }))
            .Last(row => row.CaseVersion == record.Version);
        return (record, entry);
    }

    public async Task<IReadOnlyList<HistoryRow>> HistoryAsync(Caller caller, Guid caseId, CancellationToken cancellationToken)
    {
        await GetAsync(caller, caseId, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<HistoryRow>(CaseSql.SelectHistorySql, new { CaseId = caseId, IncludeInternal = caller.IsVendor ? 1 : 0 })).ToList();
    }

    /// <summary>
    /// Closes resolved cases that stayed quiet for the configured period: the same change path as
    /// any other, with the platform as the actor. A case another replica, or the customer, changed
    /// since it was found is left alone (its version no longer matches).
    /// </summary>
    public async Task<int> AutoCloseAsync(CancellationToken cancellationToken)
    {
        var quietPeriod = options.Value.AutoCloseQuietPeriod;
        List<CaseRecord> quiet;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            quiet = (await connection.QueryAsync<CaseRecord>(CaseSql.SelectQuietResolvedSql, new { QuietSince = clock.GetUtcNow() - quietPeriod })).ToList();
        }
        var closed = 0;
        foreach (var candidate in quiet)
        {
            try
            {
                await ChangeAsync(null, candidate.Id, candidate.Version, CaseLifecycle.AutoClose, (record, now) =>
                {
                    record.ClosedAt = now;
                    return new Effect(new CaseClosed(record.ToSnapshot(now), Guid.Empty, now),
                        [Comment($"Closed automatically after {quietPeriod.TotalDays:0.#} quiet days.", isInternal: false)]);
                }, cancellationToken);
                closed++;
            }
            catch (Exception exception) when (exception is ConflictException or PreconditionException or NotFoundException)
            {
                // Changed (or gone) since it was found: no longer a quiet resolved case at that version.
            }
        }
        return closed;
    }

    /// <summary>What a change did besides its state move: its event (null for none) and history entries.</summary>
    internal sealed record Effect(object? Event, IReadOnlyList<HistoryChange> Changes);

    internal static HistoryChange Comment(string body, bool isInternal) => new(HistoryActions.CommentAdded, null, null, body.Trim(), isInternal);

    /// <summary>
    /// Makes one change: <paramref name="caller"/> must hold the change's letters for its task in
    /// the case's organisation's matrix (a null caller is the platform itself, e.g. auto-close);
    /// the case must be at <paramref name="version"/> and in a state the change starts from.
    /// </summary>
    internal async Task<CaseRecord> ChangeAsync(
        Caller? caller, Guid caseId, long version, CaseLifecycle.Transition change,
        Func<CaseRecord, DateTimeOffset, Effect> apply, CancellationToken cancellationToken)
    {
        // Whose task this is comes from the matrix, asked before the write transaction so that a
        // cache miss never holds the database's write lock over a network call.
        var duty = caller is null
            ? null
            : await responsibilities.ResolveAsync((await GetAsync(caller, caseId, cancellationToken)).OrganizationId, change.TaskId, cancellationToken);
        await using var work = await database.BeginAsync(cancellationToken);
        var found = await CaseSql.FindAsync(work, caseId);
        var record = caller is null ? found ?? throw new NotFoundException("case", caseId.ToString()) : Visible(caller, found, caseId);
        if (caller is not null)
        {
            EnsureMayPerform(caller, change, duty!, record);
        }
        if (record.Version != version)
        {
            throw new ConflictException($"The case changed since version {version}; it is at version {record.Version}. Read it again and retry.", record.Version);
        }
        CaseLifecycle.EnsureAllowed(change, record.StatusValue, caseId);

        var now = clock.GetUtcNow();
        var expected = record.Version;
        var previousStatus = record.Status;
        List<HistoryChange> entries = [];
        if (change.To is { } to)
        {
            record.Status = ProtoEnums.Name(to);
            if (previousStatus != record.Status)
            {
                entries.Add(new HistoryChange(change.Action, "status", previousStatus, record.Status));
            }
            // A third-party wait lasts only while the vendor works the case.
            if (ThirdPartyWait.EndIfOver(record) is { } ended)
            {
                entries.Add(ended);
            }
        }
        // Version first: the event's snapshot carries the version after the change.
        record.Version = expected + 1;
        record.UpdatedAt = now;
        var effect = apply(record, now);
        if (await work.Connection.ExecuteAsync(CaseSql.UpdateSql, UpdateParameters(record, expected), work.Transaction) == 0)
        {
            throw new ConflictException("The case changed concurrently; read it again and retry.", expected);
        }
        entries.AddRange(effect.Changes);
        await AddHistoryAsync(work, record, caller, now, entries);
        if (effect.Event is not null)
        {
            await outbox.EnqueueAsync(work, effect.Event);
        }
        await outbox.CommitAsync(work, cancellationToken);
        changes.Notify();
        return record;
    }

    private static object UpdateParameters(CaseRecord record, long expected) => new
    {
        record.Id, record.Status, record.Version, record.UpdatedAt, record.AcknowledgedAt, record.ResolvedAt, record.ClosedAt,
        record.ResolutionSummary, record.Cause, record.Priority, record.Title, record.Type, record.Details, record.DetailsBytes, record.AssigneeId,
        record.Tier, record.VersionSupported, record.EosPolicyVersion, record.EosEndsOn, record.EosAction, record.ReturnReason,
        record.ThirdParty, record.ThirdPartySince, ExpectedVersion = expected,
    };

    /// <summary>Writes history entries of a change in its unit of work; a null actor is the platform itself.</summary>
    /// <summary>PERMISSION_DENIED unless the caller's party holds the change's letters for its task in the case's organisation.</summary>
    internal static void EnsureMayPerform(Caller caller, CaseLifecycle.Transition change, TaskResponsibility duty, CaseRecord record)
    {
        if (!CaseLifecycle.MayPerform(caller, change, duty, record.OrganizationId))
        {
            var holders = change.Letters.SelectMany(letter => duty.Holders.GetValueOrDefault(letter) ?? []).Distinct();
            throw new PermissionException("CASE_CHANGE_NOT_YOURS",
                $"To {change.Name} a case is part of the task '{change.TaskId}' of {string.Join(" and ", holders.Select(p => p.ToLowerInvariant()))} staff acting for it, under this customer's RASCI matrix.");
        }
    }

    internal static async Task AddHistoryAsync(UnitOfWork work, CaseRecord record, Caller? actor, DateTimeOffset now, IEnumerable<HistoryChange> entries)
    {
        // The rows of one action together, in the order the actions first appear: one history
        // entry per action (HistoryRow.Entries), whose position, its last row's, keeps that order.
        foreach (var entry in entries.GroupBy(entry => entry.Action).SelectMany(rows => rows))
        {
            await work.Connection.ExecuteAsync(CaseSql.InsertHistorySql, new HistoryRow
            {
                CaseId = record.Id,
                OrganizationId = record.OrganizationId,
                OccurredAt = now,
                ActorId = actor?.SubjectId,
                ActorParty = actor?.MatrixParty ?? "SYSTEM",
                Action = entry.Action,
                Field = entry.Field,
                OldValue = entry.OldValue,
                NewValue = entry.NewValue,
                Internal = entry.Internal,
                CaseVersion = record.Version,
            }, work.Transaction);
        }
    }

    /// <summary>Customers see only their own organisation's cases; anything else is NOT_FOUND.</summary>
    private static CaseRecord Visible(Caller caller, CaseRecord? record, Guid caseId) =>
        record is not null && MayRead(caller, record.OrganizationId)
            ? record
            : throw new NotFoundException("case", caseId.ToString());

    private static bool MayRead(Caller caller, Guid organizationId) => caller.IsVendor || organizationId == caller.OrganizationId;
}
