using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>
/// A person on duty from <see cref="Start"/> to <see cref="End"/> on top of every layer. Where
/// overrides overlap, the one created last (then the greater id) wins.
/// </summary>
public sealed record DutyOverride(Guid Id, Guid PersonId, Instant Start, Instant End, Instant CreatedAt);
