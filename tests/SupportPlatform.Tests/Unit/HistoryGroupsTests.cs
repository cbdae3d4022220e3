using SupportPlatform.BuildingBlocks.Domain;

namespace SupportPlatform.Tests.Unit;

/// <summary>A history stored one row per field reads as one entry per change.</summary>
public sealed class HistoryGroupsTests
{
    private sealed record Row(long Seq, string Thing, long Version, string Action, string Field);

    private static IReadOnlyList<IReadOnlyList<Row>> Group(params Row[] rows) =>
        HistoryGroups.Of(rows, row => (row.Thing, row.Version, row.Action), row => row.Seq);

    [Fact]
    public void TheRowsOfOneChange_AreOneEntry_InTheOrderWritten()
    {
        var groups = Group(
            new(1, "a", 1, "submitted", "status"),
            new(2, "a", 2, "resolved", "status"),
            new(3, "a", 2, "resolved", "resolution"),
            new(4, "a", 2, "resolved", "cause"),
            new(5, "a", 2, "comment_added", ""));

        Assert.Equal(["submitted", "resolved", "comment_added"], groups.Select(group => group[0].Action));
        Assert.Equal(["status", "resolution", "cause"], groups[1].Select(row => row.Field));
    }

    [Fact]
    public void InterleavedChanges_StayApart_AndComeInTheOrderOfTheirLastRow()
    {
        // Two things' changes whose rows interleave (concurrent writers on a server database).
        var groups = Group(
            new(10, "a", 3, "assigned", "assignee"),
            new(11, "b", 7, "resolved", "status"),
            new(12, "a", 3, "assigned", "tier"),
            new(13, "b", 7, "resolved", "resolution"));

        Assert.Equal([(12L, "a"), (13L, "b")], groups.Select(group => (group[^1].Seq, group[0].Thing)));
        Assert.Equal(["assignee", "tier"], groups[0].Select(row => row.Field));
        Assert.Empty(Group());
    }
}
