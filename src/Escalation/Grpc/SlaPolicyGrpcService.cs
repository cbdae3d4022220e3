using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Common.V1;
using SupportPlatform.Escalation.Application;
using SupportPlatform.Escalation.Data;
using SupportPlatform.Escalation.Domain;
using SupportPlatform.Escalation.V1;

namespace SupportPlatform.Escalation.Grpc;

/// <summary>The versioned SLA policies.</summary>
public sealed class SlaPolicyGrpcService(Database database, ClockKeeper keeper, Outbox outbox, TimeProvider clock)
    : SlaPolicyService.SlaPolicyServiceBase
{
    private static readonly TimeSpan MaxTarget = TimeSpan.FromDays(365);

    public override async Task<ListSlaPoliciesResponse> ListSlaPolicies(ListSlaPoliciesRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var (plan, priority) = (ProtoEnums.Name(request.Plan), ProtoEnums.Name(request.Priority));
        if (request.Plan != SupportPlan.Unspecified || request.Priority != Priority.Unspecified)
        {
            RequirePlanAndPriority(violations, plan, priority);
        }
        violations.ThrowIfAny();
        await using var connection = await database.OpenAsync(context.CancellationToken);
        var rows = request.Plan == SupportPlan.Unspecified && request.Priority == Priority.Unspecified
            ? await SlaPolicyStore.AllCurrentAsync(connection)
            : await SlaPolicyStore.VersionsAsync(connection, plan, priority);
        return new ListSlaPoliciesResponse { Policies = { rows.Select(SlaMapping.ToProto) } };
    }

    public override async Task<UpdateSlaPolicyResponse> UpdateSlaPolicy(UpdateSlaPolicyRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var (plan, priority) = (ProtoEnums.Name(request.Plan), ProtoEnums.Name(request.Priority));
        RequirePlanAndPriority(violations, plan, priority);
        var response = RequireTarget(violations, request.Response, "response", required: true);
        var update = RequireTarget(violations, request.UpdateCadence, "update_cadence", required: false);
        var resolution = RequireTarget(violations, request.Resolution, "resolution", required: true);
        if (response is not null && resolution is not null)
        {
            violations.Require(resolution >= response, "resolution", "must be at least the response target");
        }
        violations
            .Require(request.WarningPercent is >= 1 and <= 99, "warning_percent", "must be 1-99")
            .Require(request.Coverage is Coverage._24X7 or Coverage.BusinessHours, "coverage", "must be COVERAGE_24X7 or COVERAGE_BUSINESS_HOURS")
            .Require(request.ExpectedVersion >= 1, "expected_version", "must be the current version (1 or more)");
        violations.ThrowIfAny();

        var now = clock.GetUtcNow();
        await using var work = await database.BeginAsync(context.CancellationToken);
        var current = await SlaPolicyStore.CurrentAsync(work.Connection, work.Transaction, plan, priority)
            ?? throw new InvalidOperationException($"Policy {plan}/{priority} is missing.");
        if (current.Version != request.ExpectedVersion)
        {
            throw new ConflictException(
                $"SLA policy {plan}/{priority} is at version {current.Version}, not {request.ExpectedVersion}.", current.Version);
        }
        var row = new SlaPolicyRow
        {
            Plan = plan,
            Priority = priority,
            Version = current.Version + 1,
            ResponseSeconds = (long)response!.Value.TotalSeconds,
            UpdateSeconds = update is { } cadence ? (long)cadence.TotalSeconds : null,
            ResolutionSeconds = (long)resolution!.Value.TotalSeconds,
            WarningPercent = request.WarningPercent,
            Coverage = request.Coverage == Coverage._24X7 ? CoverageNames.AroundTheClock : CoverageNames.BusinessHours,
            CreatedAt = now,
            CreatedBy = caller.SubjectId,
        };
        await SlaPolicyStore.InsertAsync(work.Connection, work.Transaction, row);
        var recomputed = 0;
        if (request.ApplyToOpenCases)
        {
            var reason = $"policy {row.Plan}/{row.Priority} version {row.Version} applied";
            foreach (var caseId in await ClockStore.OpenUnderPolicyAsync(work.Connection, work.Transaction, row.Plan, row.Priority))
            {
                await keeper.ReplanAsync(work, caseId, row.Version, now, reason);
                recomputed++;
            }
        }
        await outbox.CommitAsync(work, context.CancellationToken);
        return new UpdateSlaPolicyResponse
        {
            Policy = SlaMapping.ToProto(row),
            RecomputedCases = recomputed,
            RecomputedAt = recomputed > 0 ? Timestamp.FromDateTimeOffset(now) : null,
        };
    }

    private static void RequirePlanAndPriority(Violations violations, string plan, string priority) => violations
        .Require(SlaPolicyDefaults.Plans.Contains(plan), "plan", "must be SUPPORT_PLAN_STANDARD, SUPPORT_PLAN_PREMIUM or SUPPORT_PLAN_PREMIUM_PLUS")
        .Require(SlaPolicyDefaults.Priorities.Contains(priority), "priority", "must be PRIORITY_P1, PRIORITY_P2, PRIORITY_P3 or PRIORITY_P4");

    /// <summary>A target of more than zero, at most 365 days, in whole seconds; null when absent or invalid.</summary>
    private static TimeSpan? RequireTarget(Violations violations, Google.Protobuf.WellKnownTypes.Duration? value, string field, bool required)
    {
        if (value is null)
        {
            violations.Require(!required, field, "is required");
            return null;
        }
        var valid = value.Seconds > 0 && value.Nanos == 0 && value.ToTimeSpan() <= MaxTarget;
        violations.Require(valid, field, "must be whole seconds, more than zero and at most 365 days");
        return valid ? value.ToTimeSpan() : null;
    }
}
