using Grpc.Core;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Cases.Application;
using SupportPlatform.Cases.Domain;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;

namespace SupportPlatform.Cases.Grpc;

public sealed class CaseGrpcService(
    CaseSubmission submission, CaseTransitions transitions, CaseQueries queries, CaseChangeSignal changes, SubmissionNotices notices) : CaseService.CaseServiceBase
{
    public override async Task<SubmitCaseResponse> SubmitCase(SubmitCaseRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var (record, replayed) = await submission.SubmitAsync(caller, request, context.CancellationToken);
        return new SubmitCaseResponse
        {
            Case = record.ToProto(),
            Replayed = replayed,
            Hotline = notices.HotlineFor(record),
            SlaNotice = await notices.SlaNoticeForAsync(record, caller.AccessToken, context.CancellationToken),
        };
    }

    public override async Task<GetCaseResponse> GetCase(GetCaseRequest request, ServerCallContext context)
    {
        new Violations().RequireId(request.CaseId, "case_id", out var caseId).ThrowIfAny();
        return new GetCaseResponse { Case = await transitions.ReadAsync(context.GetCaller(), caseId, context.CancellationToken) };
    }

    public override async Task<AcknowledgeCaseResponse> AcknowledgeCase(AcknowledgeCaseRequest request, ServerCallContext context)
    {
        var caseId = Target(request.CaseId, request.Version).ThrowOrGet();
        var record = await transitions.AcknowledgeAsync(context.GetCaller(), caseId, request.Version, context.CancellationToken);
        return new AcknowledgeCaseResponse { Case = record.ToProto() };
    }

    public override async Task<ResolveCaseResponse> ResolveCase(ResolveCaseRequest request, ServerCallContext context)
    {
        var target = Target(request.CaseId, request.Version);
        target.Violations
            .RequireText(request.ResolutionSummary, "resolution_summary", 10, 20000)
            .Require(request.Cause == CauseAttribution.Unspecified || ProtoEnums.IsSet(request.Cause), "cause", "is not a known cause");
        var record = await transitions.ResolveAsync(context.GetCaller(), target.ThrowOrGet(), request.Version, request.ResolutionSummary, request.Cause, context.CancellationToken);
        return new ResolveCaseResponse { Case = record.ToProto() };
    }

    public override async Task<CloseCaseResponse> CloseCase(CloseCaseRequest request, ServerCallContext context)
    {
        var caseId = Target(request.CaseId, request.Version).ThrowOrGet();
        var record = await transitions.CloseAsync(context.GetCaller(), caseId, request.Version, context.CancellationToken);
        return new CloseCaseResponse { Case = record.ToProto() };
    }

    public override async Task<RequestCustomerInfoResponse> RequestCustomerInfo(RequestCustomerInfoRequest request, ServerCallContext context)
    {
        var target = Target(request.CaseId, request.Version);
        target.Violations.RequireText(request.Question, "question", 5, 20000);
        var record = await transitions.RequestCustomerInfoAsync(context.GetCaller(), target.ThrowOrGet(), request.Version, request.Question, context.CancellationToken);
        return new RequestCustomerInfoResponse { Case = record.ToProto() };
    }

    public override async Task<ProvideCustomerInfoResponse> ProvideCustomerInfo(ProvideCustomerInfoRequest request, ServerCallContext context)
    {
        var target = Target(request.CaseId, request.Version);
        target.Violations.RequireText(request.Answer, "answer", 1, 20000);
        var record = await transitions.ProvideCustomerInfoAsync(context.GetCaller(), target.ThrowOrGet(), request.Version, request.Answer, context.CancellationToken);
        return new ProvideCustomerInfoResponse { Case = record.ToProto() };
    }

    public override async Task<StartThirdPartyWaitResponse> StartThirdPartyWait(StartThirdPartyWaitRequest request, ServerCallContext context)
    {
        var target = Target(request.CaseId, request.Version);
        target.Violations
            .RequireText(request.ThirdParty, "third_party", 1, 200)
            .RequireText(request.Reason, "reason", 1, 2000);
        var record = await transitions.StartThirdPartyWaitAsync(context.GetCaller(), target.ThrowOrGet(), request.Version, request.ThirdParty, request.Reason, context.CancellationToken);
        return new StartThirdPartyWaitResponse { Case = record.ToProto() };
    }

    public override async Task<EndThirdPartyWaitResponse> EndThirdPartyWait(EndThirdPartyWaitRequest request, ServerCallContext context)
    {
        var target = Target(request.CaseId, request.Version);
        target.Violations.RequireText(request.Reason, "reason", 1, 2000);
        var record = await transitions.EndThirdPartyWaitAsync(context.GetCaller(), target.ThrowOrGet(), request.Version, request.Reason, context.CancellationToken);
        return new EndThirdPartyWaitResponse { Case = record.ToProto() };
    }

    public override async Task<ReopenCaseResponse> ReopenCase(ReopenCaseRequest request, ServerCallContext context)
    {
        var target = Target(request.CaseId, request.Version);
        target.Violations.RequireText(request.Reason, "reason", 5, 20000);
        var record = await transitions.ReopenAsync(context.GetCaller(), target.ThrowOrGet(), request.Version, request.Reason, context.CancellationToken);
        return new ReopenCaseResponse { Case = record.ToProto() };
    }

    public override async Task<ReturnCaseResponse> ReturnCase(ReturnCaseRequest request, ServerCallContext context)
    {
        var target = Target(request.CaseId, request.Version);
        target.Violations
            .Require(ProtoEnums.IsSet(request.Reason), "reason", "must be NOT_ATTRIBUTABLE or NOT_DETAILED_ENOUGH")
            .RequireText(request.Explanation, "explanation", 5, 20000);
        var record = await transitions.ReturnAsync(context.GetCaller(), target.ThrowOrGet(), request.Version, request.Reason, request.Explanation, context.CancellationToken);
        return new ReturnCaseResponse { Case = record.ToProto() };
    }

    public override async Task<ResubmitCaseResponse> ResubmitCase(ResubmitCaseRequest request, ServerCallContext context)
    {
        var target = Target(request.CaseId, request.Version);
        target.Violations.Require(request.Details is not null, "details", "is required");
        var record = await submission.ResubmitAsync(context.GetCaller(), target.ThrowOrGet(), request.Version, request.Details!, context.CancellationToken);
        return new ResubmitCaseResponse { Case = record.ToProto() };
    }

    public override async Task<WithdrawCaseResponse> WithdrawCase(WithdrawCaseRequest request, ServerCallContext context)
    {
        var target = Target(request.CaseId, request.Version);
        target.Violations.RequireText(request.Reason, "reason", 5, 20000);
        var record = await transitions.WithdrawAsync(context.GetCaller(), target.ThrowOrGet(), request.Version, request.Reason, context.CancellationToken);
        return new WithdrawCaseResponse { Case = record.ToProto() };
    }

    public override async Task<AssignCaseResponse> AssignCase(AssignCaseRequest request, ServerCallContext context)
    {
        var target = Target(request.CaseId, request.Version);
        target.Violations
            .RequireId(request.EngineerId, "engineer_id", out var engineerId)
            .Require(ProtoEnums.IsSet(request.Tier), "tier", "must be L2 or L3");
        var record = await transitions.AssignAsync(context.GetCaller(), target.ThrowOrGet(), request.Version, engineerId, request.Tier, context.CancellationToken);
        return new AssignCaseResponse { Case = record.ToProto() };
    }

    public override async Task<ChangePriorityResponse> ChangePriority(ChangePriorityRequest request, ServerCallContext context)
    {
        var target = Target(request.CaseId, request.Version);
        target.Violations
            .Require(ProtoEnums.IsSet(request.Priority), "priority", "must be P1, P2, P3 or P4")
            .RequireText(request.Reason, "reason", 5, 2000);
        var record = await transitions.ChangePriorityAsync(context.GetCaller(), target.ThrowOrGet(), request.Version, request.Priority, request.Reason, context.CancellationToken);
        return new ChangePriorityResponse { Case = record.ToProto() };
    }

    public override async Task<AddCommentResponse> AddComment(AddCommentRequest request, ServerCallContext context)
    {
        var target = Target(request.CaseId, request.Version);
        target.Violations
            .RequireText(request.Body, "body", 1, 20000)
            .Require(ProtoEnums.IsSet(request.Visibility), "visibility", "must be PUBLIC or INTERNAL");
        var (record, entry) = await transitions.AddCommentAsync(context.GetCaller(), target.ThrowOrGet(), request.Version, request.Body, request.Visibility, context.CancellationToken);
        return new AddCommentResponse { Case = record.ToProto(), Entry = HistoryRow.Entry([entry]) };
    }

    public override async Task<ListCaseHistoryResponse> ListCaseHistory(ListCaseHistoryRequest request, ServerCallContext context)
    {
        new Violations().RequireId(request.CaseId, "case_id", out var caseId).ThrowIfAny();
        var entries = await transitions.HistoryAsync(context.GetCaller(), caseId, context.CancellationToken);
        return new ListCaseHistoryResponse { Entries = { HistoryRow.Entries(entries) } };
    }

    public override async Task<ListCasesResponse> ListCases(ListCasesRequest request, ServerCallContext context)
    {
        var (cases, next) = await queries.ListAsync(context.GetCaller(), request, context.CancellationToken);
        return new ListCasesResponse { Cases = { cases.Select(record => record.ToProto()) }, NextPageToken = next };
    }

    public override async Task WatchCases(WatchCasesRequest request, IServerStreamWriter<WatchCasesResponse> responseStream, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations().Require(request.AfterPosition >= 0, "after_position", "must not be negative");
        var asked = violations.OptionalId(request.OrganizationId, "organization_id");
        violations.ThrowIfAny();
        var organization = OrganizationScope.For(caller, asked, request.OrganizationId);
        var position = request.AfterPosition > 0 ? request.AfterPosition : await queries.LatestPositionAsync(context.CancellationToken);
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var changed = changes.Next;
            var batch = await queries.ChangesAsync(caller, organization, position, context.CancellationToken);
            foreach (var (change, record) in batch)
            {
                await responseStream.WriteAsync(new WatchCasesResponse { Change = change, Case = record.ToProto() }, context.CancellationToken);
                position = change.Position;
            }
            if (batch.Count == 0)
            {
                // Woken by a commit on this replica, or polling for other replicas' commits.
                await CaseChangeSignal.WaitAsync(changed, TimeSpan.FromMilliseconds(500), context.CancellationToken);
            }
        }
    }

    private static CaseTarget Target(string caseId, long version)
    {
        var violations = new Violations()
            .RequireId(caseId, "case_id", out var id)
            .Require(version >= 1, "version", "is required: send the version of the case you read");
        return new CaseTarget(id, violations);
    }

    private sealed record CaseTarget(Guid Id, Violations Violations)
    {
        public Guid ThrowOrGet()
        {
            Violations.ThrowIfAny();
            return Id;
        }
    }
}
