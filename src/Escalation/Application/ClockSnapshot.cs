using SupportPlatform.BuildingBlocks.Domain;
using SupportPlatform.Escalation.Data;
using SupportPlatform.Escalation.Domain;

namespace SupportPlatform.Escalation.Application;

/// <summary>A case's clock as computed at one instant, with what it was computed from.</summary>
public sealed record ClockSnapshot(
    SlaClockRow Row, IReadOnlyList<CaseMomentRow> Moments, SlaPolicy Policy, BusinessSchedule Schedule, CaseClock Clock);
