namespace SupportPlatform.Rca.Domain;

/// <summary>The RCA policy (<c>Rca</c> in configuration).</summary>
public sealed class RcaOptions
{
    /// <summary>
    /// Business days from creation until an RCA is due, per support plan, counted in the customer's
    /// business calendar. A plan not listed gets the longest.
    /// </summary>
    public Dictionary<string, int> DueBusinessDays { get; set; } = new()
    {
        ["PREMIUM_PLUS"] = 5,
        ["PREMIUM"] = 7,
        ["STANDARD"] = 10,
    };

    /// <summary>How often the replica holding the <c>rca-timers</c> lease looks for RCAs and actions that came due.</summary>
    public TimeSpan TimerInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a claim of the lease lasts; another replica takes over after it.</summary>
    public TimeSpan TimerLease { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// How long escalations of cases no RCA covers are kept for a timeline that may still need them
    /// (the rca service does not follow every case to its end: a P1 open longer than this loses its
    /// earliest escalations from its later RCA's timeline).
    /// </summary>
    public TimeSpan EscalationRetention { get; set; } = TimeSpan.FromDays(365);
}
