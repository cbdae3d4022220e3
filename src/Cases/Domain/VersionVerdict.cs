namespace SupportPlatform.Cases.Domain;

/// <summary>What the policy says of one product version. Pure: no I/O.</summary>
public sealed record VersionVerdict(bool Supported, string? PolicyVersion, DateTimeOffset? EndsOn);
