namespace SupportPlatform.Escalation.Domain;

/// <summary>What a timer raises.</summary>
public enum AlertKind
{
    /// <summary>The policy's warning threshold of the target's business time has passed.</summary>
    Warning,
    /// <summary>All of the target's business time has passed without it being reached.</summary>
    Breach,
}
