namespace SupportPlatform.Identity.Domain;

/// <summary>Options under <c>Identity:Lockout</c>.</summary>
public sealed class LockoutOptions
{
    /// <summary>Failed password sign-ins within <see cref="FailureWindow"/> that lock the account.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>The window, from the first failure, in which failures count together.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a locked account refuses every password, the right one included.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>The failed sign-ins recorded for one user name.</summary>
public sealed record SignInFailures(int FailureCount, DateTimeOffset FirstFailedAt, DateTimeOffset LastFailedAt, DateTimeOffset? LockedUntil);

/// <summary>
/// The lockout rules, without I/O. They apply to user names, not to people, so that an unknown
/// e-mail address behaves exactly like a known one with a wrong password.
/// </summary>
public static class SignInLockout
{
    public static bool IsLocked(SignInFailures? failures, DateTimeOffset now) =>
        failures?.LockedUntil is { } until && until > now;

    /// <summary>The record after one more failure (not called while locked).</summary>
    public static SignInFailures AfterFailure(SignInFailures? failures, DateTimeOffset now, LockoutOptions options)
    {
        var startsOver = failures is null
            || failures.FirstFailedAt + options.FailureWindow <= now
            || failures.LockedUntil is not null;
        var count = startsOver ? 1 : failures!.FailureCount + 1;
        var first = startsOver ? now : failures!.FirstFailedAt;
        var lockedUntil = count >= options.MaxFailedAttempts ? now + options.LockoutDuration : (DateTimeOffset?)null;
        return new SignInFailures(count, first, now, lockedUntil);
    }
}
