using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>
/// One target of a case's clock, as computed from the case's moments at one instant.
/// </summary>
/// <param name="Cycle">1 for response and resolution; the update cadence's current cycle (each public update starts one).</param>
/// <param name="Budget">The target's business time.</param>
/// <param name="StartedAt">When this target (or cycle) started counting.</param>
/// <param name="WarningAt">When the warning threshold passed or will pass if the vendor keeps the case; null while paused before it.</param>
/// <param name="DueAt">When the business time ran out or will run out if the vendor keeps the case (for a target reached in time: would have run out); null while an open target is paused before it.</param>
/// <param name="ReachedAt">When the target was reached (or the cycle ended); null while open.</param>
/// <param name="Elapsed">Business time the vendor held the case within the target.</param>
/// <param name="Remaining">Business time left: the budget less <paramref name="Elapsed"/>, never negative.</param>
/// <param name="Running">True while the target is open and the vendor holds the case.</param>
/// <param name="Since">When the target last started running, paused or stopped.</param>
/// <param name="Holder">Who holds the case now (for an open target) or held it when the target stopped.</param>
/// <param name="Attribution">Business time each party held the case within the target.</param>
/// <param name="BreachedCycles">For the update cadence: how many cycles so far were breached; otherwise 0 or 1.</param>
public sealed record TargetClock(
    SlaTargetKind Kind,
    int Cycle,
    Duration Budget,
    Instant StartedAt,
    Instant? WarningAt,
    Instant? DueAt,
    Instant? ReachedAt,
    TargetState State,
    Duration Elapsed,
    Duration Remaining,
    bool Running,
    Instant Since,
    ClockHolder Holder,
    PartyTime Attribution,
    int BreachedCycles)
{
    /// <summary>Neither reached nor cancelled: the target still counts.</summary>
    public bool Open => ReachedAt is null && State is TargetState.Pending or TargetState.Breached;
}
