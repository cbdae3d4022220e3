extern alias escalation;

using escalation::SupportPlatform.Escalation.Domain;

namespace SupportPlatform.Tests.Unit;

/// <summary>The order a page walks its policy in, and which cases page.</summary>
public sealed class PagingRulesTests
{
    [Fact]
    public void APage_WalksEveryStep_ThenRepeats_ThenIsExhausted()
    {
        var walked = new List<PagePosition>();
        for (PagePosition? at = EscalationPath.First; at is { } position; at = EscalationPath.Next(position, 3, 2))
        {
            walked.Add(position);
        }

        Assert.Equal(
            [new(1, 1), new(2, 1), new(3, 1), new(1, 2), new(2, 2), new(3, 2), new(1, 3), new(2, 3), new PagePosition(3, 3)],
            walked);
        Assert.Equal(EscalationPath.Length(3, 2), walked.Count);
    }

    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(1, 10, 11)]
    [InlineData(4, 0, 4)]
    [InlineData(2, 3, 8)]
    public void WithoutRepeats_OnePass_EachRepeatOneMore(int steps, int repeats, int length)
    {
        var count = 0;
        for (PagePosition? at = EscalationPath.First; at is { } position; at = EscalationPath.Next(position, steps, repeats))
        {
            count++;
        }

        Assert.Equal(length, count);
        Assert.Equal(length, EscalationPath.Length(steps, repeats));
    }

    [Fact]
    public void APositionOutsideThePolicy_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EscalationPath.Next(new PagePosition(4, 1), 3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => EscalationPath.Next(new PagePosition(0, 1), 3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => EscalationPath.Next(new PagePosition(1, 0), 3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => EscalationPath.Next(new PagePosition(1, 1), 0, 0));
    }

    [Theory]
    [InlineData("PREMIUM_PLUS", "P1", "SUBMITTED", true)]
    [InlineData("PREMIUM_PLUS", "P1", "IN_PROGRESS", true)]
    [InlineData("PREMIUM_PLUS", "P1", "AWAITING_CUSTOMER", true)]
    [InlineData("PREMIUM_PLUS", "P1", "RESOLVED", false)]
    [InlineData("PREMIUM_PLUS", "P1", "CLOSED", false)]
    [InlineData("PREMIUM_PLUS", "P1", "WITHDRAWN", false)]
    [InlineData("PREMIUM_PLUS", "P2", "SUBMITTED", false)]
    [InlineData("PREMIUM", "P1", "SUBMITTED", false)]
    [InlineData("STANDARD", "P1", "SUBMITTED", false)]
    public void OnlyAnOpenPremiumPlusP1_Pages(string plan, string priority, string status, bool pages) =>
        Assert.Equal(pages, P1Paging.Applies(plan, priority, status));
}
