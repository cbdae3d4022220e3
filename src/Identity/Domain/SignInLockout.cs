namespace SupportPlatform.Identity.Domain;

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
