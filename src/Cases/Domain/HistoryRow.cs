using Google.Protobuf.WellKnownTypes;
using SupportPlatform.BuildingBlocks.Domain;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;

namespace SupportPlatform.Cases.Domain;

/// <summary>A row of <c>case_history</c>: one field (or the comment) of one change of one case.</summary>
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

    /// <summary>One entry per change: the rows one change wrote, together (<see cref="HistoryGroups"/>).</summary>
    public static IReadOnlyList<HistoryEntry> Entries(IEnumerable<HistoryRow> rows) =>
        [.. HistoryGroups.Of(rows, row => (row.CaseId, row.CaseVersion, row.Action, row.ActorId, row.OccurredAt, row.Internal), row => row.Seq).Select(Entry)];

    /// <summary>The entry of the rows of one change: its fields as changes, a row without a field as its text.</summary>
    public static HistoryEntry Entry(IReadOnlyList<HistoryRow> rows)
    {
        var last = rows[^1];
        var (changes, text) = HistoryFields.Of(rows, row => (row.Field, row.OldValue, row.NewValue));
        var entry = new HistoryEntry
        {
            Position = last.Seq,
            CaseId = last.CaseId.ToString(),
            OccurredAt = Timestamp.FromDateTimeOffset(last.OccurredAt),
            ActorId = last.ActorId?.ToString() ?? "",
            ActorParty = ProtoEnums.Parse<Party>(last.ActorParty),
            Action = last.Action,
            Internal = last.Internal,
            CaseVersion = last.CaseVersion,
            Text = text,
        };
        entry.Changes.AddRange(changes);
        return entry;
    }
}
