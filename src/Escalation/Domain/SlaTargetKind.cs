namespace SupportPlatform.Escalation.Domain;

/// <summary>The targets a policy sets.</summary>
public enum SlaTargetKind
{
    /// <summary>The vendor's first response (the case acknowledged).</summary>
    Response,
    /// <summary>
    /// The update cadence: while the case is the vendor's, at most this much business time passes
    /// without a public update by either party. Counted in cycles: each update starts a new one.
    /// </summary>
    Update,
    /// <summary>The case resolved.</summary>
    Resolution,
}
