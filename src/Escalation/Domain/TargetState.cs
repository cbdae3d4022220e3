namespace SupportPlatform.Escalation.Domain;

/// <summary>Where one SLA target stands.</summary>
public enum TargetState
{
    /// <summary>Not reached, not yet due.</summary>
    Pending,
    /// <summary>Reached in time.</summary>
    Met,
    /// <summary>Its business time ran out before it was reached (whether reached later or not).</summary>
    Breached,
    /// <summary>No longer applies: the case was withdrawn before the target was reached, in time.</summary>
    Cancelled,
}
