using Dapper;
using Grpc.Core;
using Microsoft.Extensions.Options;
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

namespace SupportPlatform.Cases.Application;

/// <summary>
/// Submitting a case, and resubmitting one the vendor returned: the same checks for both — the
/// submitter (identity's answer), the contract, the submission guidelines, End-of-Support — and
/// the request id as an idempotency key for a submission.
/// </summary>
public sealed class CaseSubmission(
    Database database, Outbox outbox, ResponsibilityDirectory responsibilities, SubmitterDirectory submitters,
    CaseTransitions transitions, CaseChangeSignal changes, IOptions<CaseOptions> options, TimeProvider clock)
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
        var contract = check.Contract;
        var now = clock.GetUtcNow();
        SubmissionGuidelines.Validate(request, contract, now);

        var details = request.Details;
        var record = new CaseRecord
        {
            Id = Guid.CreateVersion7(now),
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
            CreatedAt = now,
            UpdatedAt = now,
        };
        record.SetDetails(details);
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
        await CaseTransitions.AddHistoryAsync(work, record, caller, now, [new HistoryChange(HistoryActions.Submitted, "status", null, record.Status)]);
        await outbox.EnqueueAsync(work, new CaseSubmitted(record.ToSnapshot(now), now));
        await outbox.CommitAsync(work, cancellationToken);
        changes.Notify();
        return (record, false);
    }

    private static (CaseRecord Case, bool Replayed) Replay(CaseRecord earlier, string fingerprint) =>
        SubmissionFingerprint.Matches(earlier, fingerprint)
            ? (earlier, true)
            : throw new AlreadyExistsException("REQUEST_ID_REUSED",
                $"Request id '{earlier.RequestId}' was already used for a different case. Send a new request id for new content; repeat a request id only with exactly the content it was first sent with.");

    public async Task<CaseRecord> ResubmitAsync(Caller caller, Guid caseId, long version, CaseDetails details, CancellationToken cancellationToken)
    {
        var current = await transitions.GetAsync(caller, caseId, cancellationToken);
        var organizationId = current.OrganizationId;
        // Whose change it is and whether the case can be resubmitted at all come first, as for
        // any change (and are checked again in the write transaction).
        CaseTransitions.EnsureMayPerform(caller, CaseLifecycle.Resubmit,
            await responsibilities.ResolveAsync(organizationId, CaseLifecycle.Resubmit.TaskId, cancellationToken), current);
        CaseLifecycle.EnsureAllowed(CaseLifecycle.Resubmit, current.StatusValue, caseId);
        // Then the amended case is checked like a new submission: the contract as it is now, and
        // the submitter — the caller, or for an integration account the agent it submitted for.
        var viaIntegration = caller.IsCustomer && caller.IsServiceAccount && caller.HasRole(Roles.Integration);
        var submitterId = viaIntegration ? current.SubmitterId : caller.SubjectId;
        var check = await RequireAuthorisedSubmitterAsync(caller, submitterId, organizationId, viaIntegration, cancellationToken);
        var now = clock.GetUtcNow();
        SubmissionGuidelines.Validate(new SubmitCaseRequest { RequestId = "resubmission", Details = details }, check.Contract, now);
        var probe = new CaseRecord();
        await ApplyVersionSupportAsync(probe, details, organizationId, cancellationToken);
        return await transitions.ChangeAsync(caller, caseId, version, CaseLifecycle.Resubmit, (record, at) =>
        {
            var previous = record.Details;
            record.Title = details.Title.Trim();
            record.Type = ProtoEnums.Name(details.Type);
            record.Priority = ProtoEnums.Name(details.Priority);
            record.SetDetails(details);
            record.ReturnReason = null;
            (record.VersionSupported, record.EosPolicyVersion, record.EosEndsOn, record.EosAction) =
                (probe.VersionSupported, probe.EosPolicyVersion, probe.EosEndsOn, probe.EosAction);
            return new CaseTransitions.Effect(new CaseResubmitted(record.ToSnapshot(at), caller.SubjectId, at),
                [new HistoryChange(HistoryActions.Resubmitted, "details", previous, record.Details)]);
        }, cancellationToken);
    }

    /// <summary>
    /// Identity's answer on whether <paramref name="submitterId"/> may submit for the organisation;
    /// a lapsed contract is FAILED_PRECONDITION, an unauthorised submitter PERMISSION_DENIED —
    /// the same refusals for a submission and a resubmission.
    /// </summary>
    private async Task<SubmitterAnswer> RequireAuthorisedSubmitterAsync(
        Caller caller, Guid submitterId, Guid organizationId, bool viaIntegration, CancellationToken cancellationToken)
    {
        SubmitterAnswer check;
        try
        {
            check = await submitters.CheckAsync(submitterId, organizationId, caller.AccessToken, cancellationToken);
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            // Identity knows no such person in this organisation (only an integration account can name one).
            throw viaIntegration
                ? new ValidationException([new Google.Rpc.BadRequest.Types.FieldViolation { Field = "on_behalf_of_person_id", Description = "is not a person of your organisation" }])
                : new PermissionException("AUTHORISED_SUBMITTER_REQUIRED", "You are not an authorised submitter of this organisation.");
        }
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
}
