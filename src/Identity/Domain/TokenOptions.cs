namespace SupportPlatform.Identity.Domain;

/// <summary>Options under <c>Identity:Tokens</c>.</summary>
public sealed class TokenOptions
{
    /// <summary>Lifetime of access tokens.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a key signs before the scheduled rotation replaces it; zero or less turns scheduled rotation off.</summary>
    public TimeSpan RotationInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often each replica re-reads the keys and applies what is due (rotation, retirement).</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);
}
