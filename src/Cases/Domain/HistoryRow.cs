using Google.Protobuf.WellKnownTypes;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;

namespace SupportPlatform.Cases.Domain;

/// <summary>A row of <c>case_history</c>: one change of one case.</summary>
public sealed class HistoryRow
{
    public long Seq { get; set; }
    public Guid CaseId { get; set; }
    public Guid OrganizationId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public Guid? ActorId { get; set; }
    public string ActorParty { get; set; } = "";
    public string Action { get; set; } = "";
    public string? Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public bool Internal { get; set; }
    public long CaseVersion { get; set; }

    public HistoryEntry ToProto() => new()
    {
        Position = Seq,
        CaseId = CaseId.ToString(),
        OccurredAt = Timestamp.FromDateTimeOffset(OccurredAt),
        ActorId = ActorId?.ToString() ?? "",
        ActorParty = ProtoEnums.Parse<Party>(ActorParty),
        Action = Action,
        Field = Field ?? "",
        OldValue = OldValue ?? "",
        NewValue = NewValue ?? "",
        Internal = Internal,
        CaseVersion = CaseVersion,
    };
}
