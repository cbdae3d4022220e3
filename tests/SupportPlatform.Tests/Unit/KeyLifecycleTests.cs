extern alias identity;

using identity::SupportPlatform.Identity.Domain;

namespace SupportPlatform.Tests.Unit;

public sealed class KeyLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly TokenOptions Options = new();

    // 15 min lifetime + 30 s skew + 1 min refresh interval.
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(16.5);

    private static KeyState Key(string id, string status, DateTimeOffset? activated = null, DateTimeOffset? deactivated = null) =>
        new(id, status, Now.AddDays(-10), activated, deactivated);

    [Fact]
    public void Grace_IsTokenLifetime_PlusClockSkew_PlusKeyRefreshInterval()
    {
        Assert.Equal(Grace, KeyLifecycle.Grace(Options));
    }

    [Fact]
    public void EmptyTable_CreatesACurrentAndANextKey()
    {
        var plan = KeyLifecycle.Plan([], Now, Options, rotate: false);

        Assert.True(plan is { CreateCurrent: true, CreateNext: true, Promote: null, Demote: null });
        Assert.Empty(plan.Retire);
    }

    [Fact]
    public void CurrentWithoutNext_CreatesANext_AndDoesNotRotateToAnUnpublishedKey()
    {
        var plan = KeyLifecycle.Plan([Key("a", KeyStatus.Current, Now.AddDays(-2))], Now, Options, rotate: true);

        Assert.True(plan is { CreateNext: true, CreateCurrent: false, Promote: null, Demote: null });
    }

    [Fact]
    public void NextWithoutCurrent_IsPromoted()
    {
        var plan = KeyLifecycle.Plan([Key("n", KeyStatus.Next)], Now, Options, rotate: false);

        Assert.True(plan is { Promote: "n", CreateNext: true, CreateCurrent: false, Demote: null });
    }

    [Fact]
    public void Rotation_PromotesNext_DemotesCurrent_AndCreatesANewNext()
    {
        var plan = KeyLifecycle.Plan([Key("c", KeyStatus.Current, Now.AddHours(-1)), Key("n", KeyStatus.Next)], Now, Options, rotate: true);

        Assert.True(plan is { Demote: "c", Promote: "n", CreateNext: true, CreateCurrent: false });
    }

    [Fact]
    public void CompleteSet_WithoutRotation_ChangesNothing()
    {
        var plan = KeyLifecycle.Plan([Key("c", KeyStatus.Current, Now.AddHours(-1)), Key("n", KeyStatus.Next)], Now, Options, rotate: false);

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void PreviousKey_IsRetired_ExactlyWhenTheGraceHasPassed()
    {
        KeyState[] Keys(TimeSpan sinceDemotion) =>
            [Key("p", KeyStatus.Previous, Now.AddDays(-1), Now - sinceDemotion), Key("c", KeyStatus.Current, Now - sinceDemotion), Key("n", KeyStatus.Next)];

        Assert.Empty(KeyLifecycle.Plan(Keys(Grace - TimeSpan.FromTicks(1)), Now, Options, rotate: false).Retire);
        Assert.Equal(["p"], KeyLifecycle.Plan(Keys(Grace), Now, Options, rotate: false).Retire);
    }

    [Fact]
    public void RotationDue_AfterTheIntervalSinceActivation_AndNeverWhenTurnedOff()
    {
        KeyState[] keys = [Key("c", KeyStatus.Current, Now - TimeSpan.FromHours(24)), Key("n", KeyStatus.Next)];

        Assert.True(KeyLifecycle.RotationDue(keys, Now, Options));
        Assert.False(KeyLifecycle.RotationDue(keys, Now - TimeSpan.FromTicks(1), Options));
        Assert.False(KeyLifecycle.RotationDue(keys, Now, new TokenOptions { RotationInterval = TimeSpan.Zero }));
    }
}
