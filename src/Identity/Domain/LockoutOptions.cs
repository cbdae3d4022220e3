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
