using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Contracts.Events;

namespace SupportPlatform.Cases.Domain;

/// <summary>
/// A row of <c>cases</c>; the submitted details are kept as their proto JSON (for people and SQL)
/// and as their protobuf bytes (what reads parse: about ten times faster).
/// </summary>
public sealed class CaseRecord
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid SubmitterId { get; set; }
    public string RequestId { get; set; } = "";
    /// <summary>
    /// <see cref="SubmissionFingerprint"/> of the SubmitCase request that created the case; null
    /// for cases created before it was recorded (migration 0004), which match any content.
    /// </summary>
    public string? RequestHash { get; set; }
    public string Status { get; set; } = "";
    public long Version { get; set; }
    public string Plan { get; set; } = "";
    public string Title { get; set; } = "";
    public string Type { get; set; } = "";
    public string Priority { get; set; } = "";
    /// <summary>The details as proto JSON; set with <see cref="SetDetails"/>, which keeps <see cref="DetailsBytes"/> the same.</summary>
    public string Details { get; set; } = "";
    /// <summary>The same details as protobuf bytes; null in rows written before migration 0007 (read from <see cref="Details"/>).</summary>
    public byte[]? DetailsBytes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ResolutionSummary { get; set; }
    public string? Cause { get; set; }
    /// <summary>The integration service account that submitted for the submitter; null when they did themself.</summary>
    public Guid? SubmittedVia { get; set; }
    public Guid? AssigneeId { get; set; }
    public string? Tier { get; set; }
    /// <summary>Null for cloud cases (no End-of-Support check).</summary>
    public bool? VersionSupported { get; set; }
    public string? EosPolicyVersion { get; set; }
    public DateTimeOffset? EosEndsOn { get; set; }
    public string? EosAction { get; set; }
    public string? ReturnReason { get; set; }
    /// <summary>The third party the vendor recorded the case waits on (<see cref="ThirdPartyWait"/>); null when none.</summary>
    public string? ThirdParty { get; set; }
    /// <summary>Since when the case waits on <see cref="ThirdParty"/>; null when it waits on none.</summary>
    public DateTimeOffset? ThirdPartySince { get; set; }
    /// <summary>L3 once the escalation service escalated the case functionally; null (L2) before.</summary>
    public string? EscalationFunctionalLevel { get; set; }
    /// <summary>Whether the escalation service escalated the case to the support manager.</summary>
    public bool EscalatedToManager { get; set; }
    /// <summary>How many escalations the escalation service reported.</summary>
    public int EscalationCount { get; set; }
    public DateTimeOffset? LastEscalatedAt { get; set; }
    /// <summary>
    /// How many times the row was updated: every UPDATE of <c>cases</c> adds one, escalations
    /// included (which leave <see cref="Version"/> alone). A case read at a revision is the row
    /// as long as the row still has that revision.
    /// </summary>
    public long Revision { get; set; }
    /// <summary>
    /// Not a column of <c>cases</c>: whether a system-access request of the case waits for the
    /// customer's decision (an <c>access_grants</c> row in state REQUESTED). Read with the row by
    /// the writers, which build the snapshots; false in rows read for display.
    /// </summary>
    public bool AccessRequestPending { get; set; }

    public CaseStatus StatusValue => ProtoEnums.Parse<CaseStatus>(Status);

    /// <summary>Whose move the case is (<see cref="ClockHolders"/>): VENDOR, CUSTOMER, THIRD_PARTY or NONE.</summary>
    public string ClockHolder => ClockHolders.Of(StatusValue, AccessRequestPending, ThirdParty);

    public Case ToProto() => new()
    {
        CaseId = Id.ToString(),
        OrganizationId = OrganizationId.ToString(),
        SubmitterId = SubmitterId.ToString(),
        Status = StatusValue,
        Version = Version,
        Details = ParseDetails(),
        Plan = ProtoEnums.Parse<SupportPlan>(Plan),
        CreatedAt = Timestamp.FromDateTimeOffset(CreatedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(UpdatedAt),
        AcknowledgedAt = ToTimestamp(AcknowledgedAt),
        ResolvedAt = ToTimestamp(ResolvedAt),
        ClosedAt = ToTimestamp(ClosedAt),
        ResolutionSummary = ResolutionSummary ?? "",
        Cause = ProtoEnums.Parse<CauseAttribution>(Cause),
        SubmittedVia = SubmittedVia?.ToString() ?? "",
        AssigneeId = AssigneeId?.ToString() ?? "",
        Tier = ProtoEnums.Parse<SupportTier>(Tier),
        VersionSupport = VersionSupported is { } supported
            ? new VersionSupport
            {
                Supported = supported,
                PolicyVersion = EosPolicyVersion ?? "",
                EndOfSupport = ToTimestamp(EosEndsOn),
                RequiredAction = EosAction ?? "",
            }
            : null,
        ReturnReason = ReturnReason ?? "",
        ThirdParty = ThirdParty ?? "",
        ThirdPartyWaitSince = ToTimestamp(ThirdPartySince),
        Escalation = new CaseEscalation
        {
            FunctionalLevel = ProtoEnums.Parse<SupportTier>(EscalationFunctionalLevel ?? "L2"),
            SupportManager = EscalatedToManager,
            Count = EscalationCount,
            LastEscalatedAt = ToTimestamp(LastEscalatedAt),
        },
    };

    /// <summary>The case after a change made at <paramref name="changedAt"/>, as its event carries it.</summary>
    public CaseSnapshot ToSnapshot(DateTimeOffset changedAt) => new()
    {
        CaseId = Id,
        OrganizationId = OrganizationId,
        SubmitterId = SubmitterId,
        Title = Title,
        Type = Type,
        Priority = Priority,
        Plan = Plan,
        Status = Status,
        Version = Version,
        CreatedAt = CreatedAt,
        AcknowledgedAt = AcknowledgedAt,
        ResolvedAt = ResolvedAt,
        ClosedAt = ClosedAt,
        Cause = Cause,
        AssigneeId = AssigneeId,
        Tier = Tier,
        ChangedAt = changedAt,
        ClockHolder = ClockHolder,
        ThirdParty = ClockHolder == ClockHolders.ThirdParty ? ThirdParty : null,
    };

    private static string DetailsJson(CaseDetails details) => JsonFormatter.Default.Format(details);

    /// <summary>Sets the details, as JSON and as bytes.</summary>
    public void SetDetails(CaseDetails details)
    {
        Details = DetailsJson(details);
        DetailsBytes = details.ToByteArray();
    }

    /// <summary>The details: from their bytes, or from their JSON in a row written before the bytes were kept.</summary>
    public CaseDetails ParseDetails() => DetailsBytes is { } bytes ? CaseDetails.Parser.ParseFrom(bytes) : CaseDetails.Parser.ParseJson(Details);

    private static Timestamp? ToTimestamp(DateTimeOffset? value) => value is { } instant ? Timestamp.FromDateTimeOffset(instant) : null;
}
