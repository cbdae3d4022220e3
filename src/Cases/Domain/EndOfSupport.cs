namespace SupportPlatform.Cases.Domain;

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
