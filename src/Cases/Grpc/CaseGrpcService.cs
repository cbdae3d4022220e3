using Grpc.Core;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Cases.Domain;
using SupportPlatform.Cases.V1;

namespace SupportPlatform.Cases.Grpc;

public sealed class CaseGrpcService(CaseCommands commands) : CaseService.CaseServiceBase
{
    public override async Task<SubmitCaseResponse> SubmitCase(SubmitCaseRequest request, ServerCallContext context)
    {
        var (record, replayed) = await commands.SubmitAsync(context.GetCaller(), request, context.CancellationToken);
        return new SubmitCaseResponse { Case = record.ToProto(), Replayed = replayed };
    }

    public override async Task<GetCaseResponse> GetCase(GetCaseRequest request, ServerCallContext context)
    {
        new Violations().RequireId(request.CaseId, "case_id", out var caseId).ThrowIfAny();
        var record = await commands.GetAsync(context.GetCaller(), caseId, context.CancellationToken);
        return new GetCaseResponse { Case = record.ToProto() };
    }

    public override async Task<AcknowledgeCaseResponse> AcknowledgeCase(AcknowledgeCaseRequest request, ServerCallContext context)
    {
        var caseId = RequireCaseAndVersion(request.CaseId, request.Version).ThrowOrGet();
        var record = await commands.AcknowledgeAsync(context.GetCaller(), caseId, request.Version, context.CancellationToken);
        return new AcknowledgeCaseResponse { Case = record.ToProto() };
    }

    public override async Task<ResolveCaseResponse> ResolveCase(ResolveCaseRequest request, ServerCallContext context)
    {
        var check = RequireCaseAndVersion(request.CaseId, request.Version);
        check.Violations
            .RequireText(request.ResolutionSummary, "resolution_summary", 10, 20000)
            .Require(request.Cause == CauseAttribution.Unspecified || ProtoEnums.IsSet(request.Cause), "cause", "is not a known cause");
        var caseId = check.ThrowOrGet();
        var record = await commands.ResolveAsync(context.GetCaller(), caseId, request.Version, request.ResolutionSummary, request.Cause, context.CancellationToken);
        return new ResolveCaseResponse { Case = record.ToProto() };
    }

    public override async Task<CloseCaseResponse> CloseCase(CloseCaseRequest request, ServerCallContext context)
    {
        var caseId = RequireCaseAndVersion(request.CaseId, request.Version).ThrowOrGet();
        var record = await commands.CloseAsync(context.GetCaller(), caseId, request.Version, context.CancellationToken);
        return new CloseCaseResponse { Case = record.ToProto() };
    }

    private static CaseRef RequireCaseAndVersion(string caseId, long version)
    {
        var violations = new Violations()
            .RequireId(caseId, "case_id", out var id)
            .Require(version >= 1, "version", "is required: send the version of the case you read");
        return new CaseRef(id, violations);
    }

    private sealed record CaseRef(Guid Id, Violations Violations)
    {
        public Guid ThrowOrGet()
        {
            Violations.ThrowIfAny();
            return Id;
        }
    }
}
