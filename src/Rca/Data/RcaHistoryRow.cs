using SupportPlatform.BuildingBlocks.Security;

namespace SupportPlatform.Rca.Data;

/// <summary>A row of <c>rca_history</c>.</summary>
public sealed class RcaHistoryRow
{
    public long Seq { get; set; }
    public Guid RcaId { get; set; }
    public long RcaVersion { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public Guid? ActorId { get; set; }
    public string ActorParty { get; set; } = "";
    public string Action { get; set; } = "";
    public string? Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public bool Internal { get; set; }

    /// <summary>An entry of the RCA's change to <paramref name="version"/>; a null actor is the platform itself (SYSTEM).</summary>
    public static RcaHistoryRow Of(Guid rcaId, long version, DateTimeOffset at, Caller? actor, string action, string? field,
        string? oldValue, string? newValue, bool isInternal = false) => new()
    {
        RcaId = rcaId, RcaVersion = version, OccurredAt = at, ActorId = actor?.SubjectId, ActorParty = actor?.MatrixParty ?? "SYSTEM",
        Action = action, Field = field, OldValue = oldValue, NewValue = newValue, Internal = isInternal,
    };
}
