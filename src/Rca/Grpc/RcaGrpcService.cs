using Grpc.Core;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Common.V1;
using SupportPlatform.Rca.Application;
using SupportPlatform.Rca.Data;
using SupportPlatform.Rca.V1;
using CommentVisibility = SupportPlatform.Cases.V1.CommentVisibility;

namespace SupportPlatform.Rca.Grpc;

/// <summary>Maps the RCA contract to <see cref="RcaCommands"/> and <see cref="RcaQueries"/>, after checking what the request says.</summary>
public sealed class RcaGrpcService(RcaCommands commands, RcaQueries queries) : RcaService.RcaServiceBase
{
    private const int ShortText = 2000;
    private const int LongText = 4000;

    public override async Task<GetRcaResponse> GetRca(GetRcaRequest request, ServerCallContext context)
    {
        new Violations().RequireId(request.RcaId, "rca_id", out var id).ThrowIfAny();
        return new GetRcaResponse { Rca = await queries.GetAsync(context.GetCaller(), id, context.CancellationToken) };
    }

    public override async Task<ListRcasResponse> ListRcas(ListRcasRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var caseId = violations.OptionalId(request.CaseId, "case_id");
        var organizationId = violations.OptionalId(request.OrganizationId, "organization_id");
        violations.Require(request.State == RcaState.Unspecified || ProtoEnums.IsSet(request.State), "state", "must be a known state");
        violations.Require(request.Owner is Party.Unspecified or Party.Vendor or Party.Customer, "owner", "must be VENDOR or CUSTOMER");
        var page = PageToken.Read(request.PageSize, request.PageToken, violations);
        violations.ThrowIfAny();
        var filter = new RcaFilter(organizationId, caseId,
            request.State == RcaState.Unspecified ? null : ProtoEnums.Name(request.State),
            request.Owner == Party.Unspecified ? null : ProtoEnums.Name(request.Owner),
            request.OverdueOnly);
        var (rcas, next) = await queries.ListAsync(context.GetCaller(), filter, page, context.CancellationToken);
        return new ListRcasResponse { Rcas = { rcas }, NextPageToken = next is { } seq ? PageToken.Write(seq) : "" };
    }

    public override async Task<AttributeCauseResponse> AttributeCause(AttributeCauseRequest request, ServerCallContext context)
    {
        var violations = new Violations().RequireId(request.RcaId, "rca_id", out var id);
        violations.Require(ProtoEnums.IsSet(request.Cause), "cause", "must be one of the causes (UNKNOWN when not found yet)");
        violations.RequireText(request.Justification, "justification", max: ShortText).ThrowIfAny();
        var changed = await commands.AttributeCauseAsync(context.GetCaller(), id, request.ExpectedVersion, ProtoEnums.Name(request.Cause),
            request.Justification.Trim(), context.CancellationToken);
        return new AttributeCauseResponse { Rca = await queries.ShowAsync(changed, context.CancellationToken) };
    }

    public override async Task<UpdateRcaAnalysisResponse> UpdateRcaAnalysis(UpdateRcaAnalysisRequest request, ServerCallContext context)
    {
        var violations = new Violations().RequireId(request.RcaId, "rca_id", out var id);
        violations.Require(request.Analysis is not null, "analysis", "is required: the whole analysis, as read and changed (an empty one clears it)");
        var analysis = request.Analysis ?? new RcaAnalysis();
        Check(violations, analysis);
        violations.ThrowIfAny();
        var changed = await commands.UpdateAnalysisAsync(context.GetCaller(), id, request.ExpectedVersion, analysis, context.CancellationToken);
        return new UpdateRcaAnalysisResponse { Rca = await queries.ShowAsync(changed, context.CancellationToken) };
    }

    public override async Task<AddTimelineEntryResponse> AddTimelineEntry(AddTimelineEntryRequest request, ServerCallContext context)
    {
        var violations = new Violations().RequireId(request.RcaId, "rca_id", out var id);
        violations.Require(request.OccurredAt is not null, "occurred_at", "is required");
        violations.RequireText(request.Description, "description", max: ShortText).ThrowIfAny();
        var (changed, entry) = await commands.AddTimelineEntryAsync(context.GetCaller(), id, request.ExpectedVersion, request.OccurredAt!.ToDateTimeOffset(),
            request.Description.Trim(), context.CancellationToken);
        return new AddTimelineEntryResponse { Rca = await queries.ShowAsync(changed, context.CancellationToken), Entry = RcaMapping.ToProto(entry) };
    }

    public override async Task<RemoveTimelineEntryResponse> RemoveTimelineEntry(RemoveTimelineEntryRequest request, ServerCallContext context)
    {
        var violations = new Violations().RequireId(request.RcaId, "rca_id", out var id);
        violations.RequireId(request.EntryId, "entry_id", out var entryId).ThrowIfAny();
        var changed = await commands.RemoveTimelineEntryAsync(context.GetCaller(), id, request.ExpectedVersion, entryId, context.CancellationToken);
        return new RemoveTimelineEntryResponse { Rca = await queries.ShowAsync(changed, context.CancellationToken) };
    }

    public override async Task<AddRcaActionResponse> AddRcaAction(AddRcaActionRequest request, ServerCallContext context)
    {
        var violations = new Violations().RequireId(request.RcaId, "rca_id", out var id);
        var action = Action(violations, request.Action ?? new RcaAction(), isNew: true);
        var (changed, added) = await commands.AddActionAsync(context.GetCaller(), id, request.ExpectedVersion, action, context.CancellationToken);
        var rca = await queries.ShowAsync(changed, context.CancellationToken);
        return new AddRcaActionResponse { Rca = rca, Action = rca.Actions.Single(shown => shown.ActionId == added.Id.ToString()) };
    }

    public override async Task<UpdateRcaActionResponse> UpdateRcaAction(UpdateRcaActionRequest request, ServerCallContext context)
    {
        var violations = new Violations().RequireId(request.RcaId, "rca_id", out var id);
        var action = Action(violations, request.Action ?? new RcaAction(), isNew: false);
        var changed = await commands.UpdateActionAsync(context.GetCaller(), id, request.ExpectedVersion, action, context.CancellationToken);
        return new UpdateRcaActionResponse { Rca = await queries.ShowAsync(changed, context.CancellationToken) };
    }

    public override async Task<LinkCaseResponse> LinkCase(LinkCaseRequest request, ServerCallContext context)
    {
        var violations = new Violations().RequireId(request.RcaId, "rca_id", out var id);
        violations.RequireId(request.CaseId, "case_id", out var caseId).ThrowIfAny();
        var changed = await commands.LinkCaseAsync(context.GetCaller(), id, request.ExpectedVersion, caseId, context.CancellationToken);
        return new LinkCaseResponse { Rca = await queries.ShowAsync(changed, context.CancellationToken) };
    }

    public override async Task<UnlinkCaseResponse> UnlinkCase(UnlinkCaseRequest request, ServerCallContext context)
    {
        var violations = new Violations().RequireId(request.RcaId, "rca_id", out var id);
        violations.RequireId(request.CaseId, "case_id", out var caseId);
        violations.RequireText(request.Reason, "reason", max: ShortText).ThrowIfAny();
        var (changed, newRcaId) = await commands.UnlinkCaseAsync(context.GetCaller(), id, request.ExpectedVersion, caseId, request.Reason.Trim(), context.CancellationToken);
        return new UnlinkCaseResponse
        {
            Rca = await queries.ShowAsync(changed, context.CancellationToken),
            NewRcaId = newRcaId?.ToString() ?? "",
        };
    }

    public override async Task<AddRcaCommentResponse> AddRcaComment(AddRcaCommentRequest request, ServerCallContext context)
    {
        var violations = new Violations().RequireId(request.RcaId, "rca_id", out var id);
        violations.RequireText(request.Body, "body", max: 10000);
        violations.Require(ProtoEnums.IsSet(request.Visibility), "visibility", "must be PUBLIC or INTERNAL").ThrowIfAny();
        var changed = await commands.AddCommentAsync(context.GetCaller(), id, request.ExpectedVersion, request.Body.Trim(),
            request.Visibility == CommentVisibility.Internal, context.CancellationToken);
        return new AddRcaCommentResponse { Rca = await queries.ShowAsync(changed, context.CancellationToken) };
    }

    public override async Task<SubmitRcaForReviewResponse> SubmitRcaForReview(SubmitRcaForReviewRequest request, ServerCallContext context)
    {
        new Violations().RequireId(request.RcaId, "rca_id", out var id).ThrowIfAny();
        var changed = await commands.SubmitForReviewAsync(context.GetCaller(), id, request.ExpectedVersion, context.CancellationToken);
        return new SubmitRcaForReviewResponse { Rca = await queries.ShowAsync(changed, context.CancellationToken) };
    }

    public override async Task<ApproveRcaResponse> ApproveRca(ApproveRcaRequest request, ServerCallContext context)
    {
        var violations = new Violations().RequireId(request.RcaId, "rca_id", out var id);
        violations.Require(request.Remark.Length <= ShortText, "remark", $"must be at most {ShortText} characters").ThrowIfAny();
        var changed = await commands.ApproveAsync(context.GetCaller(), id, request.ExpectedVersion, request.Remark.Trim(), context.CancellationToken);
        return new ApproveRcaResponse { Rca = await queries.ShowAsync(changed, context.CancellationToken) };
    }

    public override async Task<RequestRcaChangesResponse> RequestRcaChanges(RequestRcaChangesRequest request, ServerCallContext context)
    {
        var violations = new Violations().RequireId(request.RcaId, "rca_id", out var id);
        violations.RequireText(request.Reason, "reason", max: ShortText).ThrowIfAny();
        var changed = await commands.RequestChangesAsync(context.GetCaller(), id, request.ExpectedVersion, request.Reason.Trim(), context.CancellationToken);
        return new RequestRcaChangesResponse { Rca = await queries.ShowAsync(changed, context.CancellationToken) };
    }

    public override async Task<PublishRcaResponse> PublishRca(PublishRcaRequest request, ServerCallContext context)
    {
        new Violations().RequireId(request.RcaId, "rca_id", out var id).ThrowIfAny();
        var changed = await commands.PublishAsync(context.GetCaller(), id, request.ExpectedVersion, context.CancellationToken);
        return new PublishRcaResponse { Rca = await queries.ShowAsync(changed, context.CancellationToken) };
    }

    public override async Task<GetRcaHistoryResponse> GetRcaHistory(GetRcaHistoryRequest request, ServerCallContext context)
    {
        new Violations().RequireId(request.RcaId, "rca_id", out var id).ThrowIfAny();
        var entries = await queries.HistoryAsync(context.GetCaller(), id, context.CancellationToken);
        return new GetRcaHistoryResponse { Entries = { RcaMapping.ToProto(entries) } };
    }

    public override async Task<RenderRcaResponse> RenderRca(RenderRcaRequest request, ServerCallContext context)
    {
        new Violations().RequireId(request.RcaId, "rca_id", out var id).ThrowIfAny();
        var document = await queries.RenderAsync(context.GetCaller(), id, context.CancellationToken);
        return new RenderRcaResponse { Markdown = document.Markdown, Html = document.Html, FileName = document.FileName };
    }

    private static void Check(Violations violations, RcaAnalysis analysis)
    {
        violations.Require(analysis.Summary.Length <= LongText, "analysis.summary", $"must be at most {LongText} characters");
        foreach (var (value, field) in new[]
        {
            (analysis.Detection, "detection"), (analysis.Trigger, "trigger"), (analysis.RootCause, "root_cause"),
            (analysis.Resolution, "resolution"), (analysis.NoActionsReason, "no_actions_reason"),
        })
        {
            violations.Require(value.Length <= LongText, "analysis." + field, $"must be at most {LongText} characters");
        }
        if (analysis.Impact is { } impact)
        {
            violations.Require(impact.Description.Length <= LongText, "analysis.impact.description", $"must be at most {LongText} characters");
            violations.Require(impact.AffectedUsers >= 0, "analysis.impact.affected_users", "must not be negative");
            violations.Require(impact.StartedAt is null || impact.EndedAt is null || impact.EndedAt.ToDateTimeOffset() >= impact.StartedAt.ToDateTimeOffset(),
                "analysis.impact.ended_at", "must not be before started_at");
        }
        var lists = new[]
        {
            (analysis.ContributingFactors, "contributing_factors"), (analysis.FiveWhys, "five_whys"),
            (analysis.Lessons?.WentWell ?? [], "lessons.went_well"), (analysis.Lessons?.WentWrong ?? [], "lessons.went_wrong"),
            (analysis.Lessons?.GotLucky ?? [], "lessons.got_lucky"),
        };
        foreach (var (items, field) in lists)
        {
            for (var index = 0; index < items.Count; index++)
            {
                violations.RequireText(items[index], $"analysis.{field}[{index}]", max: ShortText);
            }
        }
    }

    /// <summary>Checks an action of a request (who may own it and which case it names, the commands check).</summary>
    private static ActionRow Action(Violations violations, RcaAction action, bool isNew)
    {
        var actionId = Guid.Empty;
        if (!isNew)
        {
            violations.RequireId(action.ActionId, "action.action_id", out actionId);
        }
        violations.Require(ProtoEnums.IsSet(action.Type), "action.type", "must be CORRECTIVE, PREVENTIVE or DETECTIVE");
        violations.RequireText(action.Description, "action.description", max: ShortText);
        violations.Require(action.OwnerParty is Party.Vendor or Party.Customer, "action.owner_party", "must be VENDOR or CUSTOMER");
        violations.Require(action.DueAt is not null, "action.due_at", "is required");
        violations.Require(action.Status == ActionStatus.Unspecified ? isNew : ProtoEnums.IsSet(action.Status), "action.status",
            "must be OPEN, IN_PROGRESS, DONE or CANCELLED");
        var ownerPersonId = violations.OptionalId(action.OwnerPersonId, "action.owner_person_id");
        var caseId = violations.OptionalId(action.CaseId, "action.case_id");
        violations.ThrowIfAny();
        var party = ProtoEnums.Name(action.OwnerParty);
        return new ActionRow
        {
            Id = actionId,
            Type = ProtoEnums.Name(action.Type),
            Description = action.Description.Trim(),
            OwnerParty = party,
            OwnerPersonId = ownerPersonId,
            DueAt = action.DueAt!.ToDateTimeOffset(),
            Status = action.Status == ActionStatus.Unspecified ? ProtoEnums.Name(ActionStatus.Open) : ProtoEnums.Name(action.Status),
            CaseId = caseId,
        };
    }
}
