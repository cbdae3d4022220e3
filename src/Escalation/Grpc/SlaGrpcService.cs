using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Escalation.Data;
using SupportPlatform.Escalation.Domain;
using SupportPlatform.Escalation.V1;

namespace SupportPlatform.Escalation.Grpc;

public sealed class SlaGrpcService(Database database, TimeProvider clock) : SlaService.SlaServiceBase
{
    public override async Task<GetCaseSlaResponse> GetCaseSla(GetCaseSlaRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations().RequireId(request.CaseId, "case_id", out var caseId).ThrowIfAny();
        var record = await SlaStore.FindAsync(database, caseId);
        if (record is null || !(caller.IsVendor || caller.OrganizationId == record.OrganizationId))
        {
            throw new NotFoundException("case SLA", request.CaseId);
        }
        var now = clock.GetUtcNow();
        return new GetCaseSlaResponse
        {
            Sla = new CaseSla
            {
                CaseId = record.CaseId.ToString(),
                OrganizationId = record.OrganizationId.ToString(),
                Plan = record.Plan,
                Priority = record.Priority,
                // Every clock runs 24x7 at this stage (see the README); business hours come later.
                Coverage = Coverage._24X7,
                StartedAt = Timestamp.FromDateTimeOffset(record.StartedAt),
                Response = Target(record.ResponseTargetSeconds, record.ResponseDueAt, record.RespondedAt, now),
                Resolution = Target(record.ResolutionTargetSeconds, record.ResolutionDueAt, record.ResolvedAt, now),
                ClosedAt = record.ClosedAt is { } closed ? Timestamp.FromDateTimeOffset(closed) : null,
                EvaluatedAt = Timestamp.FromDateTimeOffset(now),
            },
        };
    }

    private static SlaTarget Target(long seconds, DateTimeOffset dueAt, DateTimeOffset? reachedAt, DateTimeOffset now) => new()
    {
        Target = Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds)),
        DueAt = Timestamp.FromDateTimeOffset(dueAt),
        ReachedAt = reachedAt is { } reached ? Timestamp.FromDateTimeOffset(reached) : null,
        State = SlaPolicy.Evaluate(dueAt, reachedAt, now) switch
        {
            TargetStatus.Met => TargetState.Met,
            TargetStatus.Breached => TargetState.Breached,
            _ => TargetState.Pending,
        },
    };
}
