using Dapper;
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
    Database database, Outbox outbox, PeopleService.PeopleServiceClient people, ResponsibilityDirectory responsibilities, TimeProvider clock)
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
        if (!string.IsNullOrWhiteSpace(request.RequestId))
        {
            await using var lookup = await database.OpenAsync(cancellationToken);
            var earlier = await lookup.QuerySingleOrDefaultAsync<CaseRecord>(CaseSql.SelectByRequestSql,
                new { SubmitterId = submitterId, RequestId = request.RequestId.Trim() });
            if (earlier is not null)
            {
                return (earlier, true);
            }
        }

        var check = await people.CheckSubmitterAsync(
            new CheckSubmitterRequest { PersonId = submitterId.ToString(), OrganizationId = caller.OrganizationId.ToString() },
            new Metadata { { "authorization", "Bearer " + caller.AccessToken } },
            cancellationToken: cancellationToken);
        if (!check.ContractValid)
        {
            throw new PreconditionException("SUPPORT_CONTRACT", $"organizations/{caller.OrganizationId}", check.ContractProblem);
        }
        if (!check.Authorized)
        {
            throw new PermissionException("AUTHORISED_SUBMITTER_REQUIRED",
                (viaIntegration ? "The person you submit for is not an authorised submitter: " : "You are not an authorised submitter: ")
                + string.Join(" ", check.Reasons));
        }
        var organization = check.Organization;
        var contract = new ContractFacts(
            ProtoEnums.Name(organization.Plan),
            organization.Deployment == DeploymentModel.OnPremises ? Deployment.OnPremises : Deployment.Cloud,
            organization.ProductVersion);
        var now = clock.GetUtcNow();
        SubmissionGuidelines.Validate(request, contract, now);

        var details = request.Details;
        var record = new CaseRecord
        {
            Id = Guid.NewGuid(),
            OrganizationId = caller.OrganizationId,
            SubmitterId = submitterId,
            RequestId = request.RequestId.Trim(),
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

        await using var work = await database.BeginAsync(cancellationToken);
        // Looked up again inside the write transaction: a concurrent retry of the same request
        // may have committed since the first look.
        var raced = await work.Connection.QuerySingleOrDefaultAsync<CaseRecord>(CaseSql.SelectByRequestSql,
            new { record.SubmitterId, record.RequestId }, work.Transaction);
        if (raced is not null)
        {
            return (raced, true);
        }
        await work.Connection.ExecuteAsync(CaseSql.InsertSql, record, work.Transaction);
        await outbox.EnqueueAsync(work, new CaseSubmitted(record.ToSnapshot(), now));
        await outbox.CommitAsync(work, cancellationToken);
        return (record, false);
    }

    public async Task<CaseRecord> GetAsync(Caller caller, Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return Visible(caller, await connection.QuerySingleOrDefaultAsync<CaseRecord>(CaseSql.SelectByIdSql, new { Id = caseId }), caseId);
    }

    public Task<CaseRecord> AcknowledgeAsync(Caller caller, Guid caseId, long version, CancellationToken cancellationToken) =>
        TransitionAsync(caller, caseId, version, CaseLifecycle.Acknowledge, (record, now) => record.AcknowledgedAt = now,
            (record, now) => new CaseAcknowledged(record.ToSnapshot(), caller.SubjectId, now), cancellationToken);

    public Task<CaseRecord> ResolveAsync(Caller caller, Guid caseId, long version, string summary, CauseAttribution cause, CancellationToken cancellationToken) =>
        TransitionAsync(caller, caseId, version, CaseLifecycle.Resolve, (record, now) =>
            {
                if (record.Type == ProtoEnums.Name(CaseType.Incident) && !ProtoEnums.IsSet(cause))
                {
                    new Violations().Add("cause", "is required to resolve an incident: it decides who owns the root cause analysis").ThrowIfAny();
                }
                record.ResolvedAt = now;
                record.ResolutionSummary = summary.Trim();
                record.Cause = ProtoEnums.IsSet(cause) ? ProtoEnums.Name(cause) : null;
            },
            (record, now) => new CaseResolved(record.ToSnapshot(), caller.SubjectId, now), cancellationToken);

    public Task<CaseRecord> CloseAsync(Caller caller, Guid caseId, long version, CancellationToken cancellationToken) =>
        TransitionAsync(caller, caseId, version, CaseLifecycle.Close, (record, now) => record.ClosedAt = now,
            (record, now) => new CaseClosed(record.ToSnapshot(), caller.SubjectId, now), cancellationToken);

    private async Task<CaseRecord> TransitionAsync<TEvent>(
        Caller caller, Guid caseId, long version, CaseLifecycle.Transition transition,
        Action<CaseRecord, DateTimeOffset> apply, Func<CaseRecord, DateTimeOffset, TEvent> toEvent,
        CancellationToken cancellationToken) where TEvent : class
    {
        // Whose task this is comes from the matrix, asked before the write transaction so that a
        // cache miss never holds the database's write lock over a network call.
        var organizationId = (await GetAsync(caller, caseId, cancellationToken)).OrganizationId;
        var duty = await responsibilities.ResolveAsync(organizationId, transition.TaskId, cancellationToken);
        await using var work = await database.BeginAsync(cancellationToken);
        var record = Visible(caller, await CaseSql.FindAsync(work, caseId), caseId);
        if (!CaseLifecycle.IsResponsible(caller, duty, record.OrganizationId))
        {
            var responsible = duty.Holders.GetValueOrDefault('R') ?? [];
            throw new PermissionException("CASE_TRANSITION_NOT_YOURS",
                $"To {transition.Name} a case is the task '{transition.TaskId}' of {string.Join(" and ", responsible.Select(p => p.ToLowerInvariant()))} staff acting for it, under this customer's RASCI matrix.");
        }
        if (record.Version != version)
        {
            throw new ConflictException($"The case changed since version {version}; it is at version {record.Version}. Read it again and retry.", record.Version);
        }
        CaseLifecycle.EnsureAllowed(transition, record.StatusValue, caseId);

        var now = clock.GetUtcNow();
        var expected = record.Version;
        apply(record, now);
        record.Status = ProtoEnums.Name(transition.To);
        record.Version = expected + 1;
        record.UpdatedAt = now;
        var changed = await work.Connection.ExecuteAsync(CaseSql.UpdateSql, new
        {
            record.Id, record.Status, record.Version, record.UpdatedAt, record.AcknowledgedAt, record.ResolvedAt,
            record.ClosedAt, record.ResolutionSummary, record.Cause, ExpectedVersion = expected,
        }, work.Transaction);
        if (changed == 0)
        {
            throw new ConflictException("The case changed concurrently; read it again and retry.", expected);
        }
        await outbox.EnqueueAsync(work, toEvent(record, now));
        await outbox.CommitAsync(work, cancellationToken);
        return record;
    }

    /// <summary>Customers see only their own organisation's cases; anything else is NOT_FOUND.</summary>
    private static CaseRecord Visible(Caller caller, CaseRecord? record, Guid caseId) =>
        record is not null && (caller.IsVendor || record.OrganizationId == caller.OrganizationId)
            ? record
            : throw new NotFoundException("case", caseId.ToString());
}
