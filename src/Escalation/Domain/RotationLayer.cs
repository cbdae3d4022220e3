using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>
/// One rotation layer of an on-call schedule: its participants take turns of
/// <see cref="RotationHours"/> hours of the schedule zone's local clock, in order, the first turn
/// starting at <see cref="Handoff"/> on <see cref="StartDate"/>. With <see cref="Restrictions"/>,
/// the participant whose turn it is is on duty only inside those windows.
/// </summary>
/// <param name="Name">A label for people; may be empty.</param>
/// <param name="Participants">Vendor person ids in rotation order (at least one; a person may appear more than once).</param>
/// <param name="RotationHours">Length of a turn in local hours: 24 daily, 168 weekly.</param>
/// <param name="Handoff">The local time of day of the first hand-off.</param>
/// <param name="StartDate">The local date of the first turn; before it the layer has nobody on duty.</param>
/// <param name="Restrictions">Daily or weekly windows; empty means the whole turn.</param>
public sealed record RotationLayer(
    string Name,
    IReadOnlyList<Guid> Participants,
    int RotationHours,
    LocalTime Handoff,
    LocalDate StartDate,
    IReadOnlyList<DutyWindow> Restrictions)
{
    /// <summary>The local date and time of the first hand-off.</summary>
    public LocalDateTime Anchor => StartDate + Handoff;
}
