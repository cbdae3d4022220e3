extern alias identity;

using identity::SupportPlatform.Identity.Domain;

namespace SupportPlatform.Tests.Unit;

public sealed class SignInLockoutTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly LockoutOptions Options = new();

    private static SignInFailures? Fail(int times, TimeSpan apart, DateTimeOffset? start = null, SignInFailures? from = null)
    {
        var state = from;
        for (var attempt = 0; attempt < times; attempt++)
        {
            state = SignInLockout.AfterFailure(state, (start ?? Now) + apart * attempt, Options);
        }
        return state;
    }

    [Fact]
    public void FourFailures_DoNotLock_TheFifthWithinTheWindowLocksForTheDuration()
    {
        var four = Fail(4, TimeSpan.FromMinutes(3));
        var five = SignInLockout.AfterFailure(four, Now + TimeSpan.FromMinutes(14), Options);

        Assert.False(SignInLockout.IsLocked(four, Now + TimeSpan.FromMinutes(12)));
        Assert.Equal(Now + TimeSpan.FromMinutes(29), five.LockedUntil);
        Assert.True(SignInLockout.IsLocked(five, Now + TimeSpan.FromMinutes(29) - TimeSpan.FromTicks(1)));
        Assert.False(SignInLockout.IsLocked(five, Now + TimeSpan.FromMinutes(29)));
    }

    [Fact]
    public void FailuresSpreadBeyondTheWindow_StartOver_AndDoNotLock()
    {
        var state = Fail(10, TimeSpan.FromMinutes(4));

        Assert.NotNull(state);
        Assert.Null(state.LockedUntil);
        Assert.True(state.FailureCount < Options.MaxFailedAttempts);
    }

    [Fact]
    public void AFailureAfterAnExpiredLock_StartsANewCount()
    {
        var locked = Fail(5, TimeSpan.FromSeconds(1))!;
        var after = SignInLockout.AfterFailure(locked, locked.LockedUntil!.Value, Options);

        Assert.Equal(1, after.FailureCount);
        Assert.Null(after.LockedUntil);
    }

    [Fact]
    public void Limits_AreConfigurable()
    {
        var options = new LockoutOptions { MaxFailedAttempts = 2, LockoutDuration = TimeSpan.FromMinutes(1) };
        var state = SignInLockout.AfterFailure(SignInLockout.AfterFailure(null, Now, options), Now, options);

        Assert.Equal(Now + TimeSpan.FromMinutes(1), state.LockedUntil);
    }

    [Fact]
    public void NoRecord_IsNotLocked() => Assert.False(SignInLockout.IsLocked(null, Now));
}
