using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>
/// The targets of one plan × priority, in one version. Targets are business time under
/// <paramref name="Coverage"/>: in business hours, "a day" is a working day of the default calendar
/// (8 hours). A case keeps the version it was planned under until a vendor admin applies a newer
/// one to open cases or the case's priority changes.
/// </summary>
/// <param name="UpdateCadence">Null: the policy sets no update cadence.</param>
/// <param name="WarningPercent">Share of a target's business time after which a warning is raised (1-99).</param>
public sealed record SlaPolicy(
    string Plan,
    string Priority,
    int Version,
    Duration Response,
    Duration? UpdateCadence,
    Duration Resolution,
    int WarningPercent,
    ClockCoverage Coverage)
{
    /// <summary>The target's business time.</summary>
    public Duration? Budget(SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.Response => Response,
        SlaTargetKind.Update => UpdateCadence,
        SlaTargetKind.Resolution => Resolution,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
