namespace SupportPlatform.Escalation.Domain;

/// <summary>Where a stretch of duty comes from.</summary>
/// <param name="Layer">The layer's index in the schedule (0 = the lowest); -1 when not a layer.</param>
/// <param name="OverrideId">The override; null when not an override.</param>
public sealed record DutyOrigin(DutyOriginKind Kind, int Layer, Guid? OverrideId)
{
    public static DutyOrigin Nobody { get; } = new(DutyOriginKind.Nobody, -1, null);

    public static DutyOrigin OfLayer(int layer) => new(DutyOriginKind.Layer, layer, null);

    public static DutyOrigin OfOverride(Guid id) => new(DutyOriginKind.Override, -1, id);
}
