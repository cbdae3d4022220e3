namespace SupportPlatform.Escalation.Domain;

/// <summary>Which way a case is escalated.</summary>
public enum EscalationKind
{
    /// <summary>To more expertise: L2 → L3.</summary>
    Functional,
    /// <summary>Up the vendor's organisation: → the support manager.</summary>
    Hierarchical,
}
