namespace SupportPlatform.BuildingBlocks.Domain;

/// <summary>
/// A history is stored one row per field a change set, and shown one entry per change, as a
/// person would describe it ("resolved", with its status, resolution and cause inside). Rows
/// belong to one change when they share its key (the thing changed, its version, the action, the
/// actor, the instant and the visibility). Groups come in the order of their last row, whose
/// position is the entry's: a reader that resumes after it has seen the whole change.
/// </summary>
public static class HistoryGroups
{
    /// <summary>The rows of each change, oldest change first; within a change, in the order written.</summary>
    public static IReadOnlyList<IReadOnlyList<TRow>> Of<TRow, TKey>(IEnumerable<TRow> rows, Func<TRow, TKey> key, Func<TRow, long> position)
        where TKey : notnull
    {
        var groups = new Dictionary<TKey, List<TRow>>();
        var order = new List<List<TRow>>();
        foreach (var row in rows)
        {
            if (!groups.TryGetValue(key(row), out var group))
            {
                groups[key(row)] = group = [];
                order.Add(group);
            }
            group.Add(row);
        }
        return [.. order.OrderBy(group => position(group[^1]))];
    }
}
