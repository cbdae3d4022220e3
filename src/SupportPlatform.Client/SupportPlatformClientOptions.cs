namespace SupportPlatform.Client;

/// <summary>Where the services are and how the client signs in.</summary>
public sealed class SupportPlatformClientOptions
{
    /// <summary>The identity service's gRPC address, e.g. http://localhost:5101. Required.</summary>
    public Uri? Identity { get; set; }

    /// <summary>The case service's gRPC address, e.g. http://localhost:5102.</summary>
    public Uri? Cases { get; set; }

    /// <summary>The escalation service's gRPC address, e.g. http://localhost:5103.</summary>
    public Uri? Escalation { get; set; }

    /// <summary>The RCA service's gRPC address, e.g. http://localhost:5104.</summary>
    public Uri? Rca { get; set; }

    /// <summary>The notification service's gRPC address, e.g. http://localhost:5105.</summary>
    public Uri? Notification { get; set; }

    /// <summary>
    /// An integration account's client id (<c>CreateServiceAccount</c>): with
    /// <see cref="ClientSecret"/>, the client asks identity for tokens itself (client credentials),
    /// keeps one and asks for the next before it expires.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>The integration account's secret; keep it out of source control.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// Instead of client credentials: a function that returns a valid access token (e.g. a
    /// person's, from your own sign-in flow). Called before every call; cache in it.
    /// </summary>
    public Func<CancellationToken, ValueTask<string>>? AccessTokenProvider { get; set; }

    /// <summary>How long before its expiry a cached token is replaced. Default 60 seconds.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The deadline of a unary call that sets none itself. Default 30 seconds; streams
    /// (<c>WatchCases</c>, <c>WatchNotifications</c>) get none.
    /// </summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a call is tried in all when a service answers UNAVAILABLE (not reachable,
    /// restarting, or one it depends on is away), with exponential backoff. Default 5; 1 turns
    /// retries off. Mutations are safe to retry: SubmitCase is idempotent on its request id and
    /// the others carry the version they change.
    /// </summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The clock the token cache uses; tests pass their own.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
