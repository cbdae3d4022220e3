using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>From <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive), <see cref="PersonId"/> is on duty (null: nobody).</summary>
public sealed record DutySegment(Instant Start, Instant End, Guid? PersonId, DutyOrigin Origin);
