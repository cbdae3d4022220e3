namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>
/// The system is not in the state the operation needs. → FAILED_PRECONDITION + PreconditionFailure
/// with one violation per unmet condition.
/// </summary>
public sealed class PreconditionException : DomainException
{
    public PreconditionException(string type, string subject, string description)
        : this(description, [new PreconditionViolation(type, subject, description)])
    {
    }

    /// <param name="message">The status message: what the conditions are about.</param>
    /// <param name="violations">Every unmet condition; at least one.</param>
    public PreconditionException(string message, IReadOnlyList<PreconditionViolation> violations) : base(message)
    {
        if (violations.Count == 0)
        {
            throw new ArgumentException("A failed precondition names at least one violation.", nameof(violations));
        }
        Violations = violations;
    }

    public IReadOnlyList<PreconditionViolation> Violations { get; }

    /// <summary>The first violation's type.</summary>
    public string Type => Violations[0].Type;

    /// <summary>The first violation's subject.</summary>
    public string Subject => Violations[0].Subject;
}
