namespace SupportPlatform.Escalation.Domain;

/// <summary>
/// Premium Plus P1s page the on-call engineer (docs/design.md, "SLAs and escalation"): a case
/// that is PREMIUM_PLUS and P1 while still open — when it is submitted or resubmitted so, or
/// raised to P1 later. A case is paged for at most once.
/// </summary>
public static class P1Paging
{
    /// <summary>The kind of page a case gets at most once.</summary>
    public const string Trigger = "PREMIUM_PLUS_P1";

    /// <summary>Every page step asks for an immediate response.</summary>
    public const string Urgency = "CRITICAL";

    private static readonly HashSet<string> Finished = ["RESOLVED", "CLOSED", "WITHDRAWN"];

    public static bool Applies(string plan, string priority, string status) =>
        plan == "PREMIUM_PLUS" && priority == "P1" && !Finished.Contains(status);
}
