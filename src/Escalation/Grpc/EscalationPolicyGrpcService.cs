using Google.Protobuf.Collections;
using Grpc.Core;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Escalation.Application;
using SupportPlatform.Escalation.Data;
using SupportPlatform.Escalation.V1;

namespace SupportPlatform.Escalation.Grpc;

/// <summary>Escalation policies: the steps a page walks.</summary>
public sealed class EscalationPolicyGrpcService(Database database, TimeProvider clock) : EscalationPolicyService.EscalationPolicyServiceBase
{
    public override async Task<CreateEscalationPolicyResponse> CreateEscalationPolicy(CreateEscalationPolicyRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        OnCallValidation.Policy(violations, request.Name, request.Steps, request.Repeats);
        violations.ThrowIfAny();

        var now = clock.GetUtcNow();
        await using var work = await database.BeginAsync(context.CancellationToken);
        await RequireSchedulesAsync(work, request.Steps);
        var row = new EscalationPolicyRow
        {
            PolicyId = Guid.NewGuid(),
            Name = request.Name.Trim(),
            StepsJson = ProtoJson.Serialize(OnCallValidation.Normalise(request.Steps)),
            Repeats = request.Repeats,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
            UpdatedBy = caller.SubjectId,
        };
        await EscalationPolicyStore.InsertAsync(work.Connection, work.Transaction, row);
        await work.CommitAsync(context.CancellationToken);
        return new CreateEscalationPolicyResponse { Policy = OnCallMapping.ToProto(row) };
    }

    public override async Task<GetEscalationPolicyResponse> GetEscalationPolicy(GetEscalationPolicyRequest request, ServerCallContext context)
    {
        new Violations().RequireId(request.PolicyId, "policy_id", out var policyId).ThrowIfAny();
        await using var connection = await database.OpenAsync(context.CancellationToken);
        var row = await EscalationPolicyStore.FindAsync(connection, null, policyId)
            ?? throw new NotFoundException("escalation policy", request.PolicyId);
        return new GetEscalationPolicyResponse { Policy = OnCallMapping.ToProto(row) };
    }

    public override async Task<ListEscalationPoliciesResponse> ListEscalationPolicies(ListEscalationPoliciesRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var (size, after) = PageToken.ReadKeyed(request.PageSize, request.PageToken, violations);
        Guid? afterId = null;
        if (after.Length > 0)
        {
            if (Guid.TryParse(after, out var id))
            {
                afterId = id;
            }
            else
            {
                violations.Add("page_token", "is not a token this service issued");
            }
        }
        violations.ThrowIfAny();

        await using var connection = await database.OpenAsync(context.CancellationToken);
        var rows = await EscalationPolicyStore.ListAsync(connection, database.Dialect, afterId, size + 1);
        var response = new ListEscalationPoliciesResponse { Policies = { rows.Take(size).Select(OnCallMapping.ToProto) } };
        if (rows.Count > size)
        {
            response.NextPageToken = PageToken.WriteKeyed(rows[size - 1].PolicyId.ToString("D"));
        }
        return response;
    }

    public override async Task<UpdateEscalationPolicyResponse> UpdateEscalationPolicy(UpdateEscalationPolicyRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations().RequireId(request.PolicyId, "policy_id", out var policyId);
        OnCallValidation.Policy(violations, request.Name, request.Steps, request.Repeats);
        violations.Require(request.ExpectedVersion >= 1, "expected_version", "must be the current version (1 or more)").ThrowIfAny();

        var now = clock.GetUtcNow();
        await using var work = await database.BeginAsync(context.CancellationToken);
        var row = await EscalationPolicyStore.FindAsync(work.Connection, work.Transaction, policyId)
            ?? throw new NotFoundException("escalation policy", request.PolicyId);
        if (row.Version != request.ExpectedVersion)
        {
            throw new ConflictException($"Escalation policy {policyId} is at version {row.Version}, not {request.ExpectedVersion}.", row.Version);
        }
        await RequireSchedulesAsync(work, request.Steps);
        row.Name = request.Name.Trim();
        row.StepsJson = ProtoJson.Serialize(OnCallValidation.Normalise(request.Steps));
        row.Repeats = request.Repeats;
        row.Version++;
        row.UpdatedAt = now;
        row.UpdatedBy = caller.SubjectId;
        if (!await EscalationPolicyStore.UpdateAsync(work.Connection, work.Transaction, row))
        {
            throw new ConflictException($"Escalation policy {policyId} changed meanwhile.", row.Version);
        }
        await work.CommitAsync(context.CancellationToken);
        return new UpdateEscalationPolicyResponse { Policy = OnCallMapping.ToProto(row) };
    }

    /// <summary>Every schedule a step names exists; otherwise INVALID_ARGUMENT naming each one that does not.</summary>
    private static async Task RequireSchedulesAsync(UnitOfWork work, RepeatedField<EscalationStep> steps)
    {
        var named = steps.SelectMany(step => step.ScheduleIds).Select(Guid.Parse).Distinct().ToList();
        var existing = await OnCallStore.ExistingAsync(work.Connection, work.Transaction, named);
        var violations = new Violations();
        for (var index = 0; index < steps.Count; index++)
        {
            for (var item = 0; item < steps[index].ScheduleIds.Count; item++)
            {
                violations.Require(existing.Contains(Guid.Parse(steps[index].ScheduleIds[item])), $"steps[{index}].schedule_ids[{item}]", "is not a schedule");
            }
        }
        violations.ThrowIfAny();
    }
}
