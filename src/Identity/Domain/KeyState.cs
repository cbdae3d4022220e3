namespace SupportPlatform.Identity.Domain;

/// <summary>A signing key's lifecycle facts (no key material).</summary>
public sealed record KeyState(string KeyId, string Status, DateTimeOffset CreatedAt, DateTimeOffset? ActivatedAt, DateTimeOffset? DeactivatedAt);
