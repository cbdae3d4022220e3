namespace SupportPlatform.Rca.Data;

/// <summary>A row of <c>rca_actions</c>: a corrective or preventive action.</summary>
public sealed class ActionRow
{
    public Guid Id { get; set; }
    public Guid RcaId { get; set; }
    public Guid OrganizationId { get; set; }
    public string Type { get; set; } = "";
    public string Description { get; set; } = "";
    public string OwnerParty { get; set; } = "";
    public Guid? OwnerPersonId { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public string Status { get; set; } = "";
    public Guid? CaseId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? OverdueRaisedAt { get; set; }

    /// <summary>What the analysis says of the action; its status is follow-up, apart from it.</summary>
    public (string Type, string Description, string OwnerParty, Guid? OwnerPersonId, DateTimeOffset DueAt, Guid? CaseId) Details =>
        (Type, Description, OwnerParty, OwnerPersonId, DueAt, CaseId);
}
