namespace SupportPlatform.Rca.Domain;

/// <summary>What an RCA needs to know of a case it covers: who, what, and when it was logged and worked.</summary>
/// <param name="Type">INCIDENT, SERVICE_REQUEST, CHANGE_REQUEST or QUESTION.</param>
/// <param name="Priority">P1..P4.</param>
/// <param name="Plan">STANDARD, PREMIUM or PREMIUM_PLUS.</param>
public sealed record CaseFacts(
    Guid CaseId,
    Guid OrganizationId,
    Guid SubmitterId,
    string Title,
    string Type,
    string Priority,
    string Plan,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ResolvedAt)
{
    /// <summary>A resolved P1 incident: it requires an RCA.</summary>
    public bool RequiresRca => ResolvedAt is not null && RcaPolicy.IsRequired(Type, Priority);
}
