using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Rca.V1;

namespace SupportPlatform.Tests.Infrastructure;

/// <summary>Reading a history entry's field changes as a test asserts them.</summary>
public static class HistoryEntries
{
    /// <summary>The entry's change of <paramref name="field"/>; null when it did not set that field.</summary>
    public static FieldChange? Of(this HistoryEntry entry, string field) => entry.Changes.FirstOrDefault(change => change.Field == field);

    /// <summary>The entry's change of <paramref name="field"/>; null when it did not set that field.</summary>
    public static FieldChange? Of(this RcaHistoryEntry entry, string field) => entry.Changes.FirstOrDefault(change => change.Field == field);
}
