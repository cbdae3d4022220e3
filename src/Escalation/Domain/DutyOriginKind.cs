namespace SupportPlatform.Escalation.Domain;

/// <summary>What puts a person on duty, or that nobody is.</summary>
public enum DutyOriginKind
{
    /// <summary>Nobody is on duty: a gap.</summary>
    Nobody,
    /// <summary>A rotation layer.</summary>
    Layer,
    /// <summary>An override.</summary>
    Override,
}
