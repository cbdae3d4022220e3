namespace SupportPlatform.Rca.Domain;

public sealed class RcaOptions
{
    /// <summary>Days from creation until an RCA is due.</summary>
    public int DueAfterDays { get; set; } = 10;
}
