using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>One priority × target of an SLA report.</summary>
/// <param name="Met">Reached in time (for the update cadence: cycles ended in time).</param>
/// <param name="Breached">Breached (for the update cadence: breached cycles).</param>
/// <param name="Pending">Still open and in time.</param>
/// <param name="Cancelled">Withdrawn before reached, in time.</param>
/// <param name="Median">Median business time to reach the target, over the targets reached; null when none (and for the update cadence).</param>
/// <param name="Percentile90">90th percentile (nearest rank) of the same.</param>
public sealed record ReportLine(
    string Priority, SlaTargetKind Target, int Met, int Breached, int Pending, int Cancelled, Duration? Median, Duration? Percentile90)
{
    /// <summary>Met as a share of the decided (met + breached), in percent; null when none is decided.</summary>
    public double? MetPercent => Met + Breached == 0 ? null : Math.Round(100.0 * Met / (Met + Breached), 1);

    public double? BreachedPercent => Met + Breached == 0 ? null : Math.Round(100.0 * Breached / (Met + Breached), 1);
}
