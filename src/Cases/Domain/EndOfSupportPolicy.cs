namespace SupportPlatform.Cases.Domain;

/// <summary>
/// The End-of-Support policy for on-premises installations (configuration
/// <c>Cases:EndOfSupport:Versions</c>: "major.minor" → last day of support).
/// </summary>
public sealed class EndOfSupportOptions
{
    public Dictionary<string, DateOnly> Versions { get; set; } = new()
    {
        ["7.0"] = new DateOnly(2024, 12, 31),
        ["7.5"] = new DateOnly(2025, 12, 31),
        ["8.0"] = new DateOnly(2026, 12, 31),
        ["8.1"] = new DateOnly(2027, 6, 30),
        ["8.2"] = new DateOnly(2027, 12, 31),
    };
}

/// <summary>What the policy says of one product version. Pure: no I/O.</summary>
public sealed record VersionVerdict(bool Supported, string? PolicyVersion, DateTimeOffset? EndsOn);

public static class EndOfSupport
{
    /// <summary>
    /// Supported while the day of <paramref name="now"/> is not after the end date of the
    /// version's "major.minor" line. A version the policy does not list is unsupported.
    /// </summary>
    public static VersionVerdict Check(string productVersion, IReadOnlyDictionary<string, DateOnly> policy, DateTimeOffset now)
    {
        var parts = productVersion.Trim().Split('.');
        var line = parts.Length >= 2 ? $"{parts[0]}.{parts[1]}" : productVersion.Trim();
        if (!policy.TryGetValue(line, out var lastDay))
        {
            return new VersionVerdict(false, null, null);
        }
        var endsOn = new DateTimeOffset(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return new VersionVerdict(now < endsOn, line, endsOn);
    }
}
