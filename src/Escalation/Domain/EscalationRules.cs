namespace SupportPlatform.Escalation.Domain;

/// <summary>
/// When a case is escalated (docs/design.md, "SLAs and escalation"). A breach of the response or
/// the update cadence brings in the support manager; a breach of the resolution also brings in L3.
/// Pure: no clock, no I/O.
/// </summary>
public static class EscalationRules
{
    /// <summary>The level after the escalations recorded so far.</summary>
    public static EscalationLevel Current(IEnumerable<EscalationKind> recorded) =>
        recorded.Aggregate(EscalationLevel.Initial, (level, kind) => level.After(kind));

    /// <summary>The escalations a breach of <paramref name="target"/> sets off from <paramref name="current"/>: none that is already reached.</summary>
    public static IReadOnlyList<EscalationKind> ForBreach(SlaTargetKind target, EscalationLevel current)
    {
        EscalationKind[] wanted = target == SlaTargetKind.Resolution
            ? [EscalationKind.Functional, EscalationKind.Hierarchical]
            : [EscalationKind.Hierarchical];
        return [.. wanted.Where(kind => !current.IsAtTop(kind))];
    }

    /// <summary>
    /// How long a customer must still wait before escalating the case again: null when it may now
    /// (never escalated by the customer, or the last time is at least <paramref name="period"/> ago).
    /// </summary>
    public static TimeSpan? CustomerWait(DateTimeOffset? lastByCustomer, DateTimeOffset now, TimeSpan period) =>
        lastByCustomer is { } last && now - last < period ? period - (now - last) : null;
}
