extern alias escalation;

using escalation::SupportPlatform.Escalation.Domain;

namespace SupportPlatform.Tests.Unit;

public sealed class SlaPolicyTests
{
    [Theory]
    [InlineData("PREMIUM_PLUS", "P1", 30, 4 * 60, true)]
    [InlineData("PREMIUM_PLUS", "P2", 2 * 60, 24 * 60, false)]
    [InlineData("PREMIUM_PLUS", "P3", 8 * 60, 5 * 24 * 60, false)]
    [InlineData("PREMIUM_PLUS", "P4", 2 * 24 * 60, 10 * 24 * 60, false)]
    [InlineData("PREMIUM", "P1", 60, 8 * 60, false)]
    [InlineData("PREMIUM", "P2", 4 * 60, 2 * 24 * 60, false)]
    [InlineData("PREMIUM", "P3", 24 * 60, 5 * 24 * 60, false)]
    [InlineData("PREMIUM", "P4", 2 * 24 * 60, 10 * 24 * 60, false)]
    [InlineData("STANDARD", "P1", 2 * 60, 24 * 60, false)]
    [InlineData("STANDARD", "P2", 8 * 60, 3 * 24 * 60, false)]
    [InlineData("STANDARD", "P3", 2 * 24 * 60, 10 * 24 * 60, false)]
    [InlineData("STANDARD", "P4", 3 * 24 * 60, 20 * 24 * 60, false)]
    public void Defaults_AreTheDesignTable(string plan, string priority, int responseMinutes, int resolutionMinutes, bool aroundTheClock)
    {
        var targets = SlaPolicy.For(plan, priority);

        Assert.Equal(TimeSpan.FromMinutes(responseMinutes), targets.Response);
        Assert.Equal(TimeSpan.FromMinutes(resolutionMinutes), targets.Resolution);
        Assert.Equal(aroundTheClock, targets.AroundTheClock);
    }

    [Fact]
    public void UnknownPlan_IsAnError() => Assert.Throws<ArgumentException>(() => SlaPolicy.For("GOLD", "P1"));

    [Fact]
    public void Evaluate_MetBreachedPending()
    {
        var due = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TargetStatus.Met, SlaPolicy.Evaluate(due, due, due.AddHours(5)));
        Assert.Equal(TargetStatus.Breached, SlaPolicy.Evaluate(due, due.AddSeconds(1), due.AddHours(5)));
        Assert.Equal(TargetStatus.Pending, SlaPolicy.Evaluate(due, null, due));
        Assert.Equal(TargetStatus.Breached, SlaPolicy.Evaluate(due, null, due.AddSeconds(1)));
    }
}
