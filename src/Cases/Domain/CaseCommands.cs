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
using SupportPlatform.Contracts.Events;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Cases.Domain;

/// <summary>
/// The case operations: each checks who may do it, changes the case and writes its event to the
/// outbox in one transaction.
/// </summary>
public sealed class CaseCommands(
    Database database, Outbox outbox, PeopleService.PeopleServiceClient people, ResponsibilityDirectory responsibilities,
    SubmitterDirectory submitters, CaseChangeSignal changes, IOptions<CaseOptions> options, TimeProvider clock)
{
    public async Task<(CaseRecord Case, bool Replayed)> SubmitAsync(Caller caller, SubmitCaseRequest request, CancellationToken cancellationToken)
    {
        // The case belongs to the caller's organisation, which must be a customer whose matrix
        // makes the customer Responsible for submitting cases. An integration account submits on
        // behalf of a named authorised L1 agent of the same organisation.
        var viaIntegration = caller.IsCustomer && caller.IsServiceAccount && caller.HasRole(Roles.Integration);
        if (!caller.IsCustomer || (caller.IsServiceAccount && !viaIntegration))
        {
            throw new PermissionException("AUTHORISED_SUBMITTER_REQUIRED", "Only authorised L1 agents of a customer, or its integration accounts on their behalf, submit cases.");
        }
        var submitterId = caller.SubjectId;
        if (viaIntegration)
        {
            new Violations().RequireId(request.OnBehalfOfPersonId, "on_behalf_of_person_id", out submitterId).ThrowIfAny();
        }
        else if (!string.IsNullOrEmpty(request.OnBehalfOfPersonId))
        {
            new Violations().Add("on_behalf_of_person_id", "only integration accounts submit on behalf of someone; leave it empty").ThrowIfAny();
        }
        var duty = await responsibilities.ResolveAsync(caller.OrganizationId, MatrixTasks.SubmittingCases, cancellationToken);
        if (!duty.Holds(caller.MatrixParty, 'R'))
        {
            throw new PermissionException("NOT_RESPONSIBLE",
                $"Under your organisation's RASCI matrix the {caller.MatrixParty.ToLowerInvariant().Replace('_', ' ')} party is not responsible for submitting cases.");
        }
        // A request id is an idempotency key: repeated with the same content it replays the case,
        // with other content it is refused rather than answered with a case the caller did not ask for.
        var fingerprint = SubmissionFingerprint.Of(request.Details, viaIntegration ? submitterId : null);
        if (!string.IsNullOrWhiteSpace(request.RequestId))
        {
            await using var lookup = await database.OpenAsync(cancellationToken);
            var earlier = await lookup.QuerySingleOrDefaultAsync<CaseRecord>(CaseSql.SelectByRequestSql,
                new { SubmitterId = submitterId, RequestId = request.RequestId.Trim() });
            if (earlier is not null)
            {
                return Replay(earlier, fingerprint);
            }
        }

        var check = await RequireAuthorisedSubmitterAsync(caller, submitterId, caller.OrganizationId, viaIntegration, cancellationToken);
        var contract = Contract(check.Organization);
        var now = clock.GetUtcNow();
        SubmissionGuidelines.Validate(request, contract, now);

        var details = request.Details;
        var record = new CaseRecord
        {
            Id = Guid.NewGuid(),
            OrganizationId = caller.OrganizationId,
            SubmitterId = submitterId,
            RequestId = request.RequestId.Trim(),
            RequestHash = fingerprint,
            SubmittedVia = viaIntegration ? caller.SubjectId : null,
            Status = ProtoEnums.Name(CaseStatus.Submitted),
            Version = 1,
            Plan = contract.Plan,
            Title = details.Title.Trim(),
            Type = ProtoEnums.Name(details.Type),
            Priority = ProtoEnums.Name(details.Priority),
            Details = CaseRecord.DetailsJson(details),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await ApplyVersionSupportAsync(record, details, caller.OrganizationId, cancellationToken);

        await using var work = await database.BeginAsync(cancellationToken);
        // Looked up again inside the write transaction: a concurrent retry of the same request
        // may have committed since the first look.
        var raced = await work.Connection.QuerySingleOrDefaultAsync<CaseRecord>(CaseSql.SelectByRequestSql,
            new { record.SubmitterId, record.RequestId }, work.Transaction);
        if (raced is not null)
        {
            return Replay(raced, fingerprint);
        }
        await work.Connection.ExecuteAsync(CaseSql.InsertSql, record, work.Transaction);
        await AddHistoryAsync(work, record, caller, now, [new HistoryChange(HistoryActions.Submitted, "status", null, record.Status)]);
        await outbox.EnqueueAsync(work, new CaseSubmitted(record.ToSnapshot(), now));
        await outbox.CommitAsync(work, cancellationToken);
        changes.Notify();
        return (record, false);
    }

    private static (CaseRecord Case, bool Replayed) Replay(CaseRecord earlier, string fingerprint) =>
        SubmissionFingerprint.Matches(earlier, fingerprint)
            ? (earlier, true)
            : throw new AlreadyExistsException("REQUEST_ID_REUSED",
                $"Request id '{earlier.RequestId}' was already used for a different case. Send a new request id for new content; repeat a request id only with exactly the content it was first sent with.");

    public async Task<CaseRecord> GetAsync(Caller caller, Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return Visible(caller, await connection.QuerySingleOrDefaultAsync<CaseRecord>(CaseSql.SelectByIdSql, new { Id = caseId }), caseId);
    }

    public Task<CaseRecord> AcknowledgeAsync(Caller caller, Guid caseId, long version, CancellationToken cancellationToken) =>
        ChangeAsync(caller, caseId, version, CaseLifecycle.Acknowledge, (record, now) =>
        {
            record.AcknowledgedAt = now;
            return new Effect(new CaseAcknowledged(record.ToSnapshot(), caller.SubjectId, now), []);
        }, cancellationToken);

    public Task<CaseRecord> RequestCustomerInfoAsync(Caller caller, Guid caseId, long version, string question, CancellationToken cancellationToken) =>
        ChangeAsync(caller, caseId, version, CaseLifecycle.RequestInfo, (record, now) =>
            new Effect(new CaseCustomerInfoRequested(record.ToSnapshot(), caller.SubjectId, question.Trim(), now),
                [Comment(question, isInternal: false)]), cancellationToken);

    public Task<CaseRecord> ProvideCustomerInfoAsync(Caller caller, Guid caseId, long version, string answer, CancellationToken cancellationToken) =>
        ChangeAsync(caller, caseId, version, CaseLifecycle.ProvideInfo, (record, now) =>
            new Effect(new CaseCustomerInfoProvided(record.ToSnapshot(), caller.SubjectId, answer.Trim(), now),
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
            return new Effect(new CaseResolved(record.ToSnapshot(), caller.SubjectId, now),
                [new HistoryChange(HistoryActions.Resolved, "resolution", null, record.ResolutionSummary), new HistoryChange(HistoryActions.Resolved, "cause", null, record.Cause)]);
        }, cancellationToken);

    public Task<CaseRecord> CloseAsync(Caller caller, Guid caseId, long version, CancellationToken cancellationToken) =>
        ChangeAsync(caller, caseId, version, CaseLifecycle.Close, (record, now) =>
        {
            record.ClosedAt = now;
            return new Effect(new CaseClosed(record.ToSnapshot(), caller.SubjectId, now), []);
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
            return new Effect(new CaseReopened(record.ToSnapshot(), caller.SubjectId, reason.Trim(), now), [Comment(reason, isInternal: false)]);
        }, cancellationToken);

    public Task<CaseRecord> ReturnAsync(Caller caller, Guid caseId, long version, ReturnReason reason, string explanation, CancellationToken cancellationToken) =>
        ChangeAsync(caller, caseId, version, CaseLifecycle.Return, (record, now) =>
        {
            record.ReturnReason = ProtoEnums.Name(reason);
            return new Effect(new CaseReturned(record.ToSnapshot(), caller.SubjectId, record.ReturnReason, explanation.Trim(), now),
                [new HistoryChange(HistoryActions.Returned, "return_reason", null, record.ReturnReason), Comment(explanation, isInternal: false)]);
        }, cancellationToken);

    public async Task<CaseRecord> ResubmitAsync(Caller caller, Guid caseId, long version, CaseDetails details, CancellationToken cancellationToken)
    {
        var current = await GetAsync(caller, caseId, cancellationToken);
        var organizationId = current.OrganizationId;
        // The amended case is checked like a new submission: the contract as it is now, and the
        // submitter — the caller, or for an integration account the agent it submitted for.
        var viaIntegration = caller.IsCustomer && caller.IsServiceAccount && caller.HasRole(Roles.Integration);
        var submitterId = viaIntegration ? current.SubmitterId : caller.SubjectId;
        var check = await RequireAuthorisedSubmitterAsync(caller, submitterId, organizationId, viaIntegration, cancellationToken);
        var now = clock.GetUtcNow();
        SubmissionGuidelines.Validate(new SubmitCaseRequest { RequestId = "resubmission", Details = details }, Contract(check.Organization), now);
        var probe = new CaseRecord();
        await ApplyVersionSupportAsync(probe, details, organizationId, cancellationToken);
        return await ChangeAsync(caller, caseId, version, CaseLifecycle.Resubmit, (record, at) =>
        {
            var previous = record.Details;
            record.Title = details.Title.Trim();
            record.Type = ProtoEnums.Name(details.Type);
            record.Priority = ProtoEnums.Name(details.Priority);
            record.Details = CaseRecord.DetailsJson(details);
            record.ReturnReason = null;
            (record.VersionSupported, record.EosPolicyVersion, record.EosEndsOn, record.EosAction) =
                (probe.VersionSupported, probe.EosPolicyVersion, probe.EosEndsOn, probe.EosAction);
            return new Effect(new CaseResubmitted(record.ToSnapshot(), caller.SubjectId, at),
                [new HistoryChange(HistoryActions.Resubmitted, "details", previous, record.Details)]);
        }, cancellationToken);
    }

    public Task<CaseRecord> WithdrawAsync(Caller caller, Guid caseId, long version, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(caller, caseId, version, CaseLifecycle.Withdraw, (record, now) =>
            new Effect(new CaseWithdrawn(record.ToSnapshot(), caller.SubjectId, reason.Trim(), now), [Comment(reason, isInternal: false)]),
            cancellationToken);

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
            return new Effect(new CaseAssigned(record.ToSnapshot(), caller.SubjectId, engineerId, record.Tier, now), changed);
        }, cancellationToken);
    }

    public Task<CaseRecord> ChangePriorityAsync(Caller caller, Guid caseId, long version, Priority priority, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(caller, caseId, version, CaseLifecycle.ChangePriority, (record, now) =>
        {
            var details = CaseDetails.Parser.ParseJson(record.Details);
            if (priority is Priority.P1 or Priority.P2 && string.IsNullOrWhiteSpace(details.BusinessImpact))
            {
                new Violations().Add("priority", "P1 and P2 need a business impact statement: add it by commenting, or resubmit the case").ThrowIfAny();
            }
            var previous = record.Priority;
            record.Priority = ProtoEnums.Name(priority);
            details.Priority = priority;
            record.Details = CaseRecord.DetailsJson(details);
            return new Effect(new CasePriorityChanged(record.ToSnapshot(), caller.SubjectId, previous, reason.Trim(), now),
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
            new Effect(isInternal ? null : new CaseCommentAdded(record.ToSnapshot(), caller.SubjectId, caller.MatrixParty, body.Trim(), now),
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

    /// <summary>Closes resolved cases that stayed quiet for the configured period (a system change).</summary>
    public async Task<int> AutoCloseAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        List<CaseRecord> quiet;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            quiet = (await connection.QueryAsync<CaseRecord>(CaseSql.SelectQuietResolvedSql, new { QuietSince = now - options.Value.AutoCloseQuietPeriod })).ToList();
        }
        var closed = 0;
        foreach (var candidate in quiet)
        {
            await using var work = await database.BeginAsync(cancellationToken);
            var record = await CaseSql.FindAsync(work, candidate.Id);
            // Another replica, or the customer, got there first.
            if (record is null || record.StatusValue != CaseStatus.Resolved || record.Version != candidate.Version)
            {
                continue;
            }
            var expected = record.Version;
            var previousStatus = record.Status;
            record.ClosedAt = now;
            record.Status = ProtoEnums.Name(CaseStatus.Closed);
            record.Version = expected + 1;
            record.UpdatedAt = now;
            if (await work.Connection.ExecuteAsync(CaseSql.UpdateSql, UpdateParameters(record, expected), work.Transaction) == 0)
            {
                continue;
            }
            await AddHistoryAsync(work, record, null, now,
                [new HistoryChange(HistoryActions.AutoClosed, "status", previousStatus, record.Status), Comment($"Closed automatically after {options.Value.AutoCloseQuietPeriod.TotalDays:0.#} quiet days.", isInternal: false)]);
            await outbox.EnqueueAsync(work, new CaseClosed(record.ToSnapshot(), Guid.Empty, now));
            await outbox.CommitAsync(work, cancellationToken);
            closed++;
        }
        if (closed > 0)
        {
            changes.Notify();
        }
        return closed;
    }

    /// <summary>
    /// Identity's answer on whether <paramref name="submitterId"/> may submit for the organisation;
    /// a lapsed contract is FAILED_PRECONDITION, an unauthorised submitter PERMISSION_DENIED —
    /// the same refusals for a submission and a resubmission.
    /// </summary>
    private async Task<CheckSubmitterResponse> RequireAuthorisedSubmitterAsync(
        Caller caller, Guid submitterId, Guid organizationId, bool viaIntegration, CancellationToken cancellationToken)
    {
        var check = await submitters.CheckAsync(submitterId, organizationId, caller.AccessToken, cancellationToken);
        if (!check.ContractValid)
        {
            throw new PreconditionException("SUPPORT_CONTRACT", $"organizations/{organizationId}", check.ContractProblem);
        }
        if (!check.Authorized)
        {
            throw new PermissionException("AUTHORISED_SUBMITTER_REQUIRED",
                (viaIntegration ? "The person you submit for is not an authorised submitter: " : "You are not an authorised submitter: ")
                + string.Join(" ", check.Reasons));
        }
        return check;
    }

    /// <summary>What a change did besides its state move: its event (null for none) and history entries.</summary>
    private sealed record Effect(object? Event, IReadOnlyList<HistoryChange> Changes);

    private static HistoryChange Comment(string body, bool isInternal) => new(HistoryActions.CommentAdded, null, null, body.Trim(), isInternal);

    private async Task<CaseRecord> ChangeAsync(
        Caller caller, Guid caseId, long version, CaseLifecycle.Transition change,
        Func<CaseRecord, DateTimeOffset, Effect> apply, CancellationToken cancellationToken)
    {
        // Whose task this is comes from the matrix, asked before the write transaction so that a
        // cache miss never holds the database's write lock over a network call.
        var organizationId = (await GetAsync(caller, caseId, cancellationToken)).OrganizationId;
        var duty = await responsibilities.ResolveAsync(organizationId, change.TaskId, cancellationToken);
        await using var work = await database.BeginAsync(cancellationToken);
        var record = Visible(caller, await CaseSql.FindAsync(work, caseId), caseId);
        if (!CaseLifecycle.MayPerform(caller, change, duty, record.OrganizationId))
        {
            var holders = change.Letters.SelectMany(letter => duty.Holders.GetValueOrDefault(letter) ?? []).Distinct();
            throw new PermissionException("CASE_CHANGE_NOT_YOURS",
                $"To {change.Name} a case is part of the task '{change.TaskId}' of {string.Join(" and ", holders.Select(p => p.ToLowerInvariant()))} staff acting for it, under this customer's RASCI matrix.");
        }
        if (record.Version != version)
        {
            throw new ConflictException($"The case changed since version {version}; it is at version {record.Version}. Read it again and retry.", record.Version);
        }
        CaseLifecycle.EnsureAllowed(change, record.StatusValue, caseId);

        var now = clock.GetUtcNow();
        var expected = record.Version;
        var previousStatus = record.Status;
        if (change.To is { } to)
        {
            record.Status = ProtoEnums.Name(to);
        }
        // Version first: the event's snapshot carries the version after the change.
        record.Version = expected + 1;
        record.UpdatedAt = now;
        var effect = apply(record, now);
        if (await work.Connection.ExecuteAsync(CaseSql.UpdateSql, UpdateParameters(record, expected), work.Transaction) == 0)
        {
            throw new ConflictException("The case changed concurrently; read it again and retry.", expected);
        }
        List<HistoryChange> entries = [];
        if (change.To is not null && previousStatus != record.Status)
        {
            entries.Add(new HistoryChange(change.Action, "status", previousStatus, record.Status));
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
        record.ResolutionSummary, record.Cause, record.Priority, record.Title, record.Type, record.Details, record.AssigneeId,
        record.Tier, record.VersionSupported, record.EosPolicyVersion, record.EosEndsOn, record.EosAction, record.ReturnReason,
        ExpectedVersion = expected,
    };

    /// <summary>Writes history entries of a change in its unit of work; a null actor is the platform itself.</summary>
    internal static async Task AddHistoryAsync(UnitOfWork work, CaseRecord record, Caller? actor, DateTimeOffset now, IEnumerable<HistoryChange> entries)
    {
        foreach (var entry in entries)
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

    /// <summary>
    /// On-premises cases: the product version against the End-of-Support policy. An unsupported
    /// version is accepted but flagged, and the upgrade named as the task of whoever the matrix
    /// makes Responsible for "supported-version-upgrades".
    /// </summary>
    private async Task ApplyVersionSupportAsync(CaseRecord record, CaseDetails details, Guid organizationId, CancellationToken cancellationToken)
    {
        if (details.Deployment != Deployment.OnPremises)
        {
            (record.VersionSupported, record.EosPolicyVersion, record.EosEndsOn, record.EosAction) = (null, null, null, null);
            return;
        }
        var verdict = EndOfSupport.Check(details.ProductVersion, options.Value.EndOfSupport.Versions, clock.GetUtcNow());
        string? action = null;
        if (!verdict.Supported)
        {
            var duty = await responsibilities.ResolveAsync(organizationId, MatrixTasks.SupportedVersionUpgrades, cancellationToken);
            var who = string.Join(" and ", (duty.Holders.GetValueOrDefault('R') ?? []).Select(p => p.ToLowerInvariant()));
            action = verdict.PolicyVersion is null
                ? $"Version {details.ProductVersion} is not covered by the End-of-Support policy. Upgrading to a supported version is the {who}'s task."
                : $"Support for {verdict.PolicyVersion} ended on {verdict.EndsOn!.Value.AddDays(-1):yyyy-MM-dd}. Upgrading to a supported version is the {who}'s task.";
        }
        (record.VersionSupported, record.EosPolicyVersion, record.EosEndsOn, record.EosAction) = (verdict.Supported, verdict.PolicyVersion, verdict.EndsOn, action);
    }

    private static ContractFacts Contract(Organization organization) => new(
        ProtoEnums.Name(organization.Plan),
        organization.Deployment == DeploymentModel.OnPremises ? Deployment.OnPremises : Deployment.Cloud,
        organization.ProductVersion);

    /// <summary>Customers see only their own organisation's cases; anything else is NOT_FOUND.</summary>
    private static CaseRecord Visible(Caller caller, CaseRecord? record, Guid caseId) =>
        record is not null && (caller.IsVendor || record.OrganizationId == caller.OrganizationId)
            ? record
            : throw new NotFoundException("case", caseId.ToString());
}

/// <summary>One history entry a change writes.</summary>
public sealed record HistoryChange(string Action, string? Field, string? OldValue, string? NewValue, bool Internal = false);

/// <summary>Configuration of the case service (<c>Cases</c>).</summary>
public sealed class CaseOptions
{
    /// <summary>A resolved case without any change for this long closes by itself.</summary>
    public TimeSpan AutoCloseQuietPeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often resolved cases are checked for auto-closing.</summary>
    public TimeSpan AutoCloseSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long after resolution the customer may reopen.</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromDays(14);

    public EndOfSupportOptions EndOfSupport { get; set; } = new();
}
