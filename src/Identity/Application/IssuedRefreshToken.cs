using SupportPlatform.Identity.Domain;

namespace SupportPlatform.Identity.Application;

/// <summary>A refresh token handed to the client: its value (never stored), its session and when it expires.</summary>
public sealed record IssuedRefreshToken(string RefreshToken, SessionRecord Session, DateTimeOffset ExpiresAt);
