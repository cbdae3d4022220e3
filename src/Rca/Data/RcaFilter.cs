namespace SupportPlatform.Rca.Data;

/// <summary>What ListRcas asks for; a null member does not filter.</summary>
/// <param name="OverdueOnly">Only RCAs unpublished and past their due time.</param>
public sealed record RcaFilter(Guid? OrganizationId, Guid? CaseId, string? State, string? Owner, bool OverdueOnly);
