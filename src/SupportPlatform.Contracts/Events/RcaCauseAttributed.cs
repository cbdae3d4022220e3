namespace SupportPlatform.Contracts.Events;

/// <summary>
/// The cause of an RCA's incident was attributed (AttributeCause). When the organisation's matrix
/// makes another party accountable for the new cause, the ownership moved with it
/// (<paramref name="PreviousOwner"/> differs from <paramref name="Owner"/>). Both parties are told.
/// </summary>
/// <param name="PreviousCause">The cause before (e.g. UNKNOWN); null when none was given.</param>
/// <param name="Cause">VENDOR_COMPONENT, CUSTOMER_INFRASTRUCTURE, SBC, SIP_TRUNK, MICROSOFT_TENANT, OTHER_THIRD_PARTY or UNKNOWN.</param>
/// <param name="PreviousOwner">VENDOR or CUSTOMER.</param>
/// <param name="Owner">VENDOR or CUSTOMER: the accountable party now.</param>
/// <param name="Reviewer">VENDOR or CUSTOMER: the supporting party that reviews it now.</param>
/// <param name="CustomerContactIds">The submitters of the RCA's cases: the customer's people who are told.</param>
public sealed record RcaCauseAttributed(
    Guid RcaId,
    Guid OrganizationId,
    string Title,
    string? PreviousCause,
    string Cause,
    string PreviousOwner,
    string Owner,
    string Reviewer,
    string Justification,
    Guid ActorId,
    IReadOnlyList<Guid> CustomerContactIds,
    long Version,
    DateTimeOffset OccurredAt);
