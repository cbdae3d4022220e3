namespace SupportPlatform.Escalation.Data;

/// <summary>A row of <c>hotline_expectations</c>: a Premium Plus P1 whose customer is asked to call.</summary>
public sealed class HotlineExpectationRow
{
    public Guid CaseId { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid SubmitterId { get; set; }
    public string Title { get; set; } = "";
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset ExpectedBy { get; set; }
    public DateTimeOffset? CalledAt { get; set; }
    public DateTimeOffset? FlaggedAt { get; set; }
}
