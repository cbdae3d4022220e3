using SupportPlatform.Contracts.Events;

namespace SupportPlatform.Rca.Domain;

public sealed class RcaOptions
{
    /// <summary>Days from creation until an RCA is due.</summary>
    public int DueAfterDays { get; set; } = 10;
}

/// <summary>Which cases require a root cause analysis, and who owns it. Pure: no I/O.</summary>
public static class RcaPolicy
{
    /// <summary>Every resolved P1 incident requires an RCA (DESIGN.md, "Root cause analysis").</summary>
    public static bool IsRequired(CaseSnapshot snapshot) =>
        snapshot is { Priority: "P1", Type: "INCIDENT" };

    /// <summary>
    /// The accountable party. At this stage always the vendor; ownership by cause attribution
    /// through the RASCI matrix comes with the matrix itself.
    /// </summary>
    public static string Owner(CaseSnapshot snapshot) => "VENDOR";
}
