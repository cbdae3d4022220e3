using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>
/// Who is on duty at an instant (null: nobody), why, and the whole stretch of that duty around it.
/// <see cref="Since"/> or <see cref="Until"/> is null when the stretch reaches further than
/// <see cref="OnCallRotation.SearchHorizon"/> from the instant in that direction.
/// </summary>
public sealed record OnDuty(Guid? PersonId, DutyOrigin Origin, Instant? Since, Instant? Until);
