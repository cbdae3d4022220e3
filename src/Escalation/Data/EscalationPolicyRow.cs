namespace SupportPlatform.Escalation.Data;

/// <summary>A row of <c>escalation_policies</c>; the steps are the proto's JSON (a list of <c>EscalationStep</c>).</summary>
public sealed class EscalationPolicyRow
{
    public Guid PolicyId { get; set; }
    public string Name { get; set; } = "";
    public string StepsJson { get; set; } = "[]";
    public int Repeats { get; set; }
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? UpdatedBy { get; set; }
}
