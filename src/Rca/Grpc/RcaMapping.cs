using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using SupportPlatform.BuildingBlocks.Domain;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Common.V1;
using SupportPlatform.Rca.Data;
using SupportPlatform.Rca.V1;
using CauseAttribution = SupportPlatform.Cases.V1.CauseAttribution;

namespace SupportPlatform.Rca.Grpc;

/// <summary>Rows to the contract's messages.</summary>
public static class RcaMapping
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static RcaAnalysis Analysis(string json) => Parser.Parse<RcaAnalysis>(json);

    public static string Json(RcaAnalysis analysis) => JsonFormatter.Default.Format(analysis);

    public static V1.Rca ToProto(RcaRecord record, IEnumerable<RcaCaseRow> cases, IEnumerable<TimelineRow> timeline, IEnumerable<ActionRow> actions, DateTimeOffset now)
    {
        var rca = new V1.Rca
        {
            RcaId = record.Id.ToString(),
            OrganizationId = record.OrganizationId.ToString(),
            CaseIds = { cases.OrderBy(row => row.CaseId == record.CaseId ? 0 : 1).ThenBy(row => row.Seq).Select(row => row.CaseId.ToString()) },
            State = ProtoEnums.Parse<RcaState>(record.State),
            Owner = ProtoEnums.Parse<Party>(record.OwnerParty),
            Reviewer = ProtoEnums.Parse<Party>(record.ReviewerParty),
            CauseAttribution = record.Cause is null ? CauseAttribution.Unspecified : ProtoEnums.Parse<CauseAttribution>(record.Cause),
            CauseJustification = record.CauseJustification ?? "",
            CreatedAt = Timestamp.FromDateTimeOffset(record.CreatedAt),
            DueAt = Timestamp.FromDateTimeOffset(record.DueAt),
            Version = record.Version,
            Title = record.Title,
            Analysis = Analysis(record.Analysis),
            Timeline = { timeline.OrderBy(row => row.OccurredAt).Select(ToProto) },
            Actions = { actions.Select(action => ToProto(action, now)) },
            Overdue = IsOverdue(record, now),
            ChangesRequested = record.ChangesRequested ?? "",
            UpdatedAt = Timestamp.FromDateTimeOffset(record.UpdatedAt ?? record.CreatedAt),
            MergedInto = record.MergedInto?.ToString() ?? "",
        };
        if (record.ApprovedAt is { } approved)
        {
            rca.ApprovedAt = Timestamp.FromDateTimeOffset(approved);
        }
        if (record.PublishedAt is { } published)
        {
            rca.PublishedAt = Timestamp.FromDateTimeOffset(published);
        }
        return rca;
    }

    public static bool IsOverdue(RcaRecord record, DateTimeOffset now) =>
        record.DueAt <= now && record.State is "REQUIRED" or "IN_ANALYSIS" or "IN_REVIEW";

    public static TimelineEntry ToProto(TimelineRow row) => new()
    {
        EntryId = row.Id.ToString(),
        OccurredAt = Timestamp.FromDateTimeOffset(row.OccurredAt),
        Description = row.Description,
        Source = ProtoEnums.Parse<TimelineSource>(row.Source),
        CaseId = row.CaseId?.ToString() ?? "",
    };

    public static RcaAction ToProto(ActionRow row, DateTimeOffset now)
    {
        var action = new RcaAction
        {
            ActionId = row.Id.ToString(),
            Type = ProtoEnums.Parse<ActionType>(row.Type),
            Description = row.Description,
            OwnerParty = ProtoEnums.Parse<Party>(row.OwnerParty),
            OwnerPersonId = row.OwnerPersonId?.ToString() ?? "",
            DueAt = Timestamp.FromDateTimeOffset(row.DueAt),
            Status = ProtoEnums.Parse<ActionStatus>(row.Status),
            CaseId = row.CaseId?.ToString() ?? "",
            Overdue = row.DueAt <= now && row.Status is "OPEN" or "IN_PROGRESS",
        };
        if (row.CompletedAt is { } completed)
        {
            action.CompletedAt = Timestamp.FromDateTimeOffset(completed);
        }
        return action;
    }

    /// <summary>One entry per change: the rows one change wrote, together (<see cref="HistoryGroups"/>).</summary>
    public static IEnumerable<RcaHistoryEntry> ToProto(IEnumerable<RcaHistoryRow> rows) =>
        HistoryGroups.Of(rows, row => (row.RcaId, row.RcaVersion, row.Action, row.ActorId, row.OccurredAt, row.Internal), row => row.Seq).Select(ToProto);

    /// <summary>The entry of the rows of one change: its fields as changes, a row without a field as its text.</summary>
    private static RcaHistoryEntry ToProto(IReadOnlyList<RcaHistoryRow> rows)
    {
        var last = rows[^1];
        var (changes, text) = HistoryFields.Of(rows, row => (row.Field, row.OldValue, row.NewValue));
        var entry = new RcaHistoryEntry
        {
            Position = last.Seq,
            RcaVersion = last.RcaVersion,
            OccurredAt = Timestamp.FromDateTimeOffset(last.OccurredAt),
            ActorId = last.ActorId?.ToString() ?? "",
            ActorParty = ProtoEnums.Parse<Party>(last.ActorParty),
            Action = last.Action,
            Internal = last.Internal,
            Text = text,
        };
        entry.Changes.AddRange(changes);
        return entry;
    }
}
