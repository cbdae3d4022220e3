using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>
/// One change of a case as its events report it: from <paramref name="At"/> until the next moment,
/// <paramref name="Holder"/> holds the case. A case's clocks are computed from its moments alone.
/// </summary>
/// <param name="Version">
/// The case version after the change; moments are ordered by it, then by <paramref name="At"/>
/// (an access request or decision changes who holds the case without a new case version).
/// </param>
/// <param name="Status">The case state after the change, e.g. IN_PROGRESS.</param>
/// <param name="Responded">Whether the vendor has responded (the case was acknowledged) by then.</param>
/// <param name="IsUpdate">
/// Whether the change is a public update that either party sees (a comment, a state change, a
/// question and its answer): each starts a new update-cadence cycle.
/// </param>
public sealed record CaseMoment(long Version, Instant At, string Status, ClockHolder Holder, bool Responded, bool IsUpdate)
{
    /// <summary>Resolved or closed: the vendor's work is done unless the case is reopened.</summary>
    public bool IsResolved => Status is "RESOLVED" or "CLOSED";

    public bool IsWithdrawn => Status == "WITHDRAWN";
}
