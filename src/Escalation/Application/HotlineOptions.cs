namespace SupportPlatform.Escalation.Application;

/// <summary>Settings of the 24x7 hotline (section <c>Hotline</c>).</summary>
public sealed class HotlineOptions
{
    /// <summary>How soon after submitting a Premium Plus P1 the customer is expected to call.</summary>
    public TimeSpan CallExpectedWithin { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the watch looks for P1s without a call.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a replica holds the watch's lease.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
}
