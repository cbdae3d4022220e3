namespace SupportPlatform.Identity.Domain;

/// <summary>The failed sign-ins recorded for one user name.</summary>
public sealed record SignInFailures(int FailureCount, DateTimeOffset FirstFailedAt, DateTimeOffset LastFailedAt, DateTimeOffset? LockedUntil);
