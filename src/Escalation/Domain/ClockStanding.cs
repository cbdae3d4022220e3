namespace SupportPlatform.Escalation.Domain;

/// <summary>How a case's clock stands overall, for lists and filters.</summary>
public enum ClockStanding
{
    /// <summary>Open targets, none past its warning threshold.</summary>
    OnTrack,
    /// <summary>An open target passed its warning threshold.</summary>
    AtRisk,
    /// <summary>A target was breached, or a cycle of the update cadence.</summary>
    Breached,
    /// <summary>No target is open, none breached.</summary>
    Done,
}
