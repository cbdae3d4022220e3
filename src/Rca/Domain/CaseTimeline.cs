namespace SupportPlatform.Rca.Domain;

/// <summary>
/// The timeline entries an RCA takes from a case's history: submitted, acknowledged, each
/// escalation, resolved. Each has a key, so that an RCA holds it once however often it is seeded
/// (a case linked again, an escalation event that arrives late). The vendor's escalation remarks
/// stay out: the timeline is shown to the customer. Pure: no I/O.
/// </summary>
public static class CaseTimeline
{
    /// <summary>One entry to seed.</summary>
    public sealed record Entry(string Key, Guid CaseId, DateTimeOffset OccurredAt, string Description);

    public static IReadOnlyList<Entry> Of(CaseFacts facts, IEnumerable<EscalationFact> escalations)
    {
        List<Entry> entries = [Submitted(facts)];
        if (facts.AcknowledgedAt is { } acknowledged)
        {
            entries.Add(new($"case:{facts.CaseId:N}:acknowledged", facts.CaseId, acknowledged, $"The vendor acknowledged case \"{facts.Title}\"."));
        }
        entries.AddRange(escalations.Select(Escalated));
        if (facts.ResolvedAt is { } resolved)
        {
            entries.Add(Resolved(facts.CaseId, facts.Title, resolved));
        }
        return entries;
    }

    public static Entry Submitted(CaseFacts facts) =>
        new($"case:{facts.CaseId:N}:submitted", facts.CaseId, facts.SubmittedAt, $"{facts.Priority} {Words(facts.Type)} submitted: \"{facts.Title}\".");

    public static Entry Resolved(Guid caseId, string title, DateTimeOffset at) =>
        // Keyed by its time too: a case reopened and resolved again has two resolutions.
        new($"case:{caseId:N}:resolved:{at.UtcTicks}", caseId, at, $"The vendor resolved case \"{title}\".");

    public static Entry Escalated(EscalationFact escalation)
    {
        var what = escalation.Kind == "FUNCTIONAL"
            ? $"Escalated functionally from {escalation.FromLevel} to {escalation.ToLevel}"
            : "Escalated to the vendor's support manager";
        var why = escalation.Trigger switch
        {
            "BREACH" => $", as the {escalation.BreachedTarget?.ToLowerInvariant()} target was breached",
            "CUSTOMER" => ", at the customer's request",
            _ => "",
        };
        return new($"escalation:{escalation.EscalationId:N}", escalation.CaseId, escalation.OccurredAt, what + why + ".");
    }

    private static string Words(string type) => type.ToLowerInvariant().Replace('_', ' ');
}
