using Grpc.Core;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Cases.Application;
using SupportPlatform.Cases.V1;

namespace SupportPlatform.Cases.Grpc;

public sealed class AccessGrpcService(AccessCommands access, TimeProvider clock) : AccessService.AccessServiceBase
{
    private static readonly TimeSpan Shortest = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Longest = TimeSpan.FromDays(30);

    public override async Task<RequestAccessResponse> RequestAccess(RequestAccessRequest request, ServerCallContext context)
    {
        var duration = request.Duration?.ToTimeSpan() ?? TimeSpan.Zero;
        new Violations()
            .RequireId(request.CaseId, "case_id", out var caseId)
            .RequireText(request.System, "system", 1, 200)
            .RequireText(request.Purpose, "purpose", 5, 2000)
            .Require(duration >= Shortest && duration <= Longest, "duration", "must be 5 minutes to 30 days")
            .ThrowIfAny();
        var grant = await access.RequestAsync(context.GetCaller(), caseId, request.System, request.Purpose, duration, context.CancellationToken);
        return new RequestAccessResponse { Grant = grant.ToProto(clock.GetUtcNow()) };
    }

    public override async Task<ApproveAccessResponse> ApproveAccess(ApproveAccessRequest request, ServerCallContext context)
    {
        new Violations().RequireId(request.GrantId, "grant_id", out var grantId).ThrowIfAny();
        var grant = await access.ApproveAsync(context.GetCaller(), grantId, context.CancellationToken);
        return new ApproveAccessResponse { Grant = grant.ToProto(clock.GetUtcNow()) };
    }

    public override async Task<DenyAccessResponse> DenyAccess(DenyAccessRequest request, ServerCallContext context)
    {
        new Violations().RequireId(request.GrantId, "grant_id", out var grantId).RequireText(request.Reason, "reason", 5, 2000).ThrowIfAny();
        var grant = await access.DenyAsync(context.GetCaller(), grantId, request.Reason, context.CancellationToken);
        return new DenyAccessResponse { Grant = grant.ToProto(clock.GetUtcNow()) };
    }

    public override async Task<RevokeAccessResponse> RevokeAccess(RevokeAccessRequest request, ServerCallContext context)
    {
        new Violations().RequireId(request.GrantId, "grant_id", out var grantId).RequireText(request.Reason, "reason", 5, 2000).ThrowIfAny();
        var grant = await access.RevokeAsync(context.GetCaller(), grantId, request.Reason, context.CancellationToken);
        return new RevokeAccessResponse { Grant = grant.ToProto(clock.GetUtcNow()) };
    }

    public override async Task<ListAccessGrantsResponse> ListAccessGrants(ListAccessGrantsRequest request, ServerCallContext context)
    {
        new Violations().RequireId(request.CaseId, "case_id", out var caseId).ThrowIfAny();
        var grants = await access.ListAsync(context.GetCaller(), caseId, context.CancellationToken);
        var now = clock.GetUtcNow();
        return new ListAccessGrantsResponse { Grants = { grants.Select(grant => grant.ToProto(now)) } };
    }
}
