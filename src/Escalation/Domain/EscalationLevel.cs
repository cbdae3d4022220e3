namespace SupportPlatform.Escalation.Domain;

/// <summary>Where a case stands on both escalation ladders.</summary>
/// <param name="Functional">L2 (not functionally escalated) or L3.</param>
/// <param name="SupportManager">Whether the case was escalated to the support manager.</param>
public sealed record EscalationLevel(string Functional, bool SupportManager)
{
    public const string L2 = "L2";
    public const string L3 = "L3";
    public const string NoManager = "NONE";
    public const string Manager = "SUPPORT_MANAGER";

    public static readonly EscalationLevel Initial = new(L2, false);

    /// <summary>Whether the case is already at the top of <paramref name="kind"/>'s ladder.</summary>
    public bool IsAtTop(EscalationKind kind) => kind == EscalationKind.Functional ? Functional == L3 : SupportManager;

    /// <summary>The level names before and after an escalation of <paramref name="kind"/>.</summary>
    public (string From, string To) Step(EscalationKind kind) => kind == EscalationKind.Functional
        ? (Functional, L3)
        : (SupportManager ? Manager : NoManager, Manager);

    public EscalationLevel After(EscalationKind kind) => kind == EscalationKind.Functional ? this with { Functional = L3 } : this with { SupportManager = true };
}
