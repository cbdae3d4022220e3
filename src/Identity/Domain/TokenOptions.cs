namespace SupportPlatform.Identity.Domain;

/// <summary>Options under <c>Identity:Tokens</c>.</summary>
public sealed class TokenOptions
{
    /// <summary>Lifetime of access tokens.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a refresh token may go unused: a session nobody refreshes for this long ends.
    /// </summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(4);

    /// <summary>The absolute length of a sign-in session: a working day needs one sign-in.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a key signs before the scheduled rotation replaces it; zero or less turns scheduled rotation off.</summary>
    public TimeSpan RotationInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often each replica re-reads the keys and applies what is due (rotation, retirement).</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);
}
