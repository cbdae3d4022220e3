using SupportPlatform.Common.V1;

namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>
/// What the history rows of one change say, as a history entry carries it: each row with a field
/// is a <see cref="FieldChange"/>, in the order written; the rows without one (a comment, a
/// reason, a remark) are the entry's text.
/// </summary>
public static class HistoryFields
{
    /// <summary>The field changes and the text of one change's rows, each row read as (field, old value, new value).</summary>
    public static (IReadOnlyList<FieldChange> Changes, string Text) Of<TRow>(
        IEnumerable<TRow> rows, Func<TRow, (string? Field, string? OldValue, string? NewValue)> values)
    {
        var read = rows.Select(values).ToList();
        var changes = read.Where(row => !string.IsNullOrEmpty(row.Field))
            .Select(row => new FieldChange { Field = row.Field, OldValue = row.OldValue ?? "", NewValue = row.NewValue ?? "" })
            .ToList();
        var text = string.Join("\n", read.Where(row => string.IsNullOrEmpty(row.Field)).Select(row => row.NewValue ?? ""));
        return (changes, text);
    }
}
