extern alias escalation;

using escalation::SupportPlatform.Escalation.Domain;
using NodaTime;

namespace SupportPlatform.Tests.Unit;

public sealed class SlaPolicyTests
{
    /// <summary>The design's table, where a day in business hours is 8 business hours (24 around the clock).</summary>
    [Theory]
    [InlineData("PREMIUM_PLUS", "P1", 30, 4 * 60, 60, true)]
    [InlineData("PREMIUM_PLUS", "P2", 2 * 60, 8 * 60, 4 * 60, false)]
    [InlineData("PREMIUM_PLUS", "P3", 8 * 60, 5 * 8 * 60, 2 * 8 * 60, false)]
    [InlineData("PREMIUM_PLUS", "P4", 2 * 8 * 60, 10 * 8 * 60, 5 * 8 * 60, false)]
    [InlineData("PREMIUM", "P1", 60, 8 * 60, 2 * 60, false)]
    [InlineData("PREMIUM", "P2", 4 * 60, 2 * 8 * 60, 4 * 60, false)]
    [InlineData("PREMIUM", "P3", 8 * 60, 5 * 8 * 60, 2 * 8 * 60, false)]
    [InlineData("PREMIUM", "P4", 2 * 8 * 60, 10 * 8 * 60, 5 * 8 * 60, false)]
    [InlineData("STANDARD", "P1", 2 * 60, 8 * 60, 4 * 60, false)]
    [InlineData("STANDARD", "P2", 8 * 60, 3 * 8 * 60, 8 * 60, false)]
    [InlineData("STANDARD", "P3", 2 * 8 * 60, 10 * 8 * 60, 5 * 8 * 60, false)]
    [InlineData("STANDARD", "P4", 3 * 8 * 60, 20 * 8 * 60, 5 * 8 * 60, false)]
    public void Defaults_AreTheDesignTable(string plan, string priority, int responseMinutes, int resolutionMinutes, int updateMinutes, bool aroundTheClock)
    {
        var policy = SlaPolicyDefaults.For(plan, priority);

        Assert.Equal(Duration.FromMinutes(responseMinutes), policy.Response);
        Assert.Equal(Duration.FromMinutes(resolutionMinutes), policy.Resolution);
        Assert.Equal(Duration.FromMinutes(updateMinutes), policy.UpdateCadence);
        Assert.Equal(aroundTheClock ? ClockCoverage.AroundTheClock : ClockCoverage.BusinessHours, policy.Coverage);
        Assert.Equal(75, policy.WarningPercent);
        Assert.Equal(1, policy.Version);
    }

    [Fact]
    public void EveryPlanAndPriority_HasExactlyOneDefault() =>
        Assert.Equal(
            SlaPolicyDefaults.Plans.SelectMany(plan => SlaPolicyDefaults.Priorities.Select(priority => (plan, priority))).Order(),
            SlaPolicyDefaults.All.Select(policy => (policy.Plan, policy.Priority)).Order());

    [Fact]
    public void UnknownPlan_IsAnError() => Assert.Throws<ArgumentException>(() => SlaPolicyDefaults.For("GOLD", "P1"));
}
