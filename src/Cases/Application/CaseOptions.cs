using SupportPlatform.Cases.Domain;

namespace SupportPlatform.Cases.Application;

/// <summary>Configuration of the case service (<c>Cases</c>).</summary>
public sealed class CaseOptions
{
    /// <summary>A resolved case without any change for this long closes by itself.</summary>
    public TimeSpan AutoCloseQuietPeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often resolved cases are checked for auto-closing.</summary>
    public TimeSpan AutoCloseSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long after resolution the customer may reopen.</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromDays(14);

    public EndOfSupportOptions EndOfSupport { get; set; } = new();

    /// <summary>
    /// How many cases GetCase keeps in memory (<see cref="CaseReadCache"/>); 0 keeps none. A kept
    /// case is served only after the database confirms its row is unchanged.
    /// </summary>
    public int ReadCacheCapacity { get; set; } = 50_000;
}
