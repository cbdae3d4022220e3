using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Common.V1;
using SupportPlatform.Escalation.Application;
using SupportPlatform.Escalation.Data;
using SupportPlatform.Escalation.V1;
using DomainKind = SupportPlatform.Escalation.Domain.EscalationKind;
using DomainLevel = SupportPlatform.Escalation.Domain.EscalationLevel;

namespace SupportPlatform.Escalation.Grpc;

/// <summary>Escalations of cases.</summary>
public sealed class EscalationGrpcService(Database database, CaseEscalations escalations, Hotline hotline) : EscalationService.EscalationServiceBase
{
    public override async Task<EscalateCaseResponse> EscalateCase(EscalateCaseRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations()
            .RequireId(request.CaseId, "case_id", out var caseId)
            .RequireText(request.Reason, "reason", 1, 2000)
            .Require(request.Kind is EscalationKind.Unspecified or EscalationKind.Functional or EscalationKind.Hierarchical, "kind", "must be a known kind");
        if (caller.IsVendor)
        {
            violations.Require(request.Kind != EscalationKind.Unspecified, "kind", "is required: ESCALATION_KIND_FUNCTIONAL or ESCALATION_KIND_HIERARCHICAL");
        }
        else
        {
            violations.Require(request.Kind != EscalationKind.Functional, "kind", "a customer may ask for a hierarchical escalation only");
        }
        violations.ThrowIfAny();
        DomainKind? kind = request.Kind switch
        {
            EscalationKind.Functional => DomainKind.Functional,
            EscalationKind.Hierarchical => DomainKind.Hierarchical,
            _ => null,
        };
        var (row, level) = await escalations.EscalateAsync(caller, caseId, kind, request.Reason.Trim(), context.CancellationToken);
        return new EscalateCaseResponse { Escalation = ToProto(row, caller), Level = ToProto(level) };
    }

    public override async Task<ListEscalationsResponse> ListEscalations(ListEscalationsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations().RequireId(request.CaseId, "case_id", out var caseId).ThrowIfAny();
        await using var connection = await database.OpenAsync(context.CancellationToken);
        await CaseClocks.VisibleAsync(connection, null, caller, caseId);
        var (rows, level) = await CaseEscalations.ListAsync(connection, caseId);
        return new ListEscalationsResponse { Escalations = { rows.Select(row => ToProto(row, caller)) }, Level = ToProto(level) };
    }

    public override async Task<RecordHotlineCallResponse> RecordHotlineCall(RecordHotlineCallRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations()
            .RequireId(request.CaseId, "case_id", out var caseId)
            .RequireText(request.CallerName, "caller_name", 1, 200)
            .Require(request.CallerPhone.Length <= 40, "caller_phone", "at most 40 characters")
            .Require(request.Notes.Length <= 2000, "notes", "at most 2000 characters");
        var engineer = violations.OptionalId(request.EngineerId, "engineer_id");
        violations.ThrowIfAny();
        var row = await hotline.RecordCallAsync(caller, caseId, request.CallerName.Trim(), Empty(request.CallerPhone), request.CalledAt?.ToDateTimeOffset(),
            engineer, Empty(request.Notes), context.CancellationToken);
        return new RecordHotlineCallResponse { Call = ToProto(row) };
    }

    public override async Task<ListHotlineCallsResponse> ListHotlineCalls(ListHotlineCallsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations().RequireId(request.CaseId, "case_id", out var caseId).ThrowIfAny();
        await using var connection = await database.OpenAsync(context.CancellationToken);
        await CaseClocks.VisibleAsync(connection, null, caller, caseId);
        return new ListHotlineCallsResponse { Calls = { (await HotlineStore.CallsAsync(connection, caseId)).Select(ToProto) } };
    }

    private static string? Empty(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static HotlineCall ToProto(HotlineCallRow row) => new()
    {
        CallId = row.CallId.ToString(),
        CaseId = row.CaseId.ToString(),
        CallerName = row.CallerName,
        CallerPhone = row.CallerPhone ?? "",
        CalledAt = Timestamp.FromDateTimeOffset(row.CalledAt),
        EngineerId = row.EngineerId.ToString(),
        Notes = row.Notes ?? "",
        RecordedBy = row.RecordedBy.ToString(),
        RecordedAt = Timestamp.FromDateTimeOffset(row.RecordedAt),
    };

    private static V1.EscalationLevel ToProto(DomainLevel level) => new() { FunctionalLevel = ProtoEnums.Parse<SupportTier>(level.Functional), SupportManager = level.SupportManager };

    /// <summary>An escalation as the caller may read it: the vendor's own remark stays with the vendor.</summary>
    private static V1.Escalation ToProto(EscalationRow row, Caller caller) => new()
    {
        EscalationId = row.EscalationId.ToString(),
        CaseId = row.CaseId.ToString(),
        Kind = row.Kind == "FUNCTIONAL" ? EscalationKind.Functional : EscalationKind.Hierarchical,
        FromLevel = ProtoEnums.Parse<LadderLevel>(row.FromLevel),
        ToLevel = ProtoEnums.Parse<LadderLevel>(row.ToLevel),
        Trigger = row.TriggerKind switch
        {
            CaseEscalations.VendorTrigger => EscalationTrigger.Vendor,
            CaseEscalations.CustomerTrigger => EscalationTrigger.Customer,
            _ => EscalationTrigger.Breach,
        },
        ActorId = row.ActorId?.ToString() ?? "",
        Reason = caller.IsVendor || row.TriggerKind != CaseEscalations.VendorTrigger ? row.Reason : "",
        EscalatedAt = Timestamp.FromDateTimeOffset(row.EscalatedAt),
        BreachedTarget = row.BreachedTarget is { } breached ? SlaMapping.ToProto(Domain.Targets.Parse(breached)) : TargetKind.Unspecified,
    };
}
