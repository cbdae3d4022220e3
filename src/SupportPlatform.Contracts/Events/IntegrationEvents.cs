namespace SupportPlatform.Contracts.Events;

/// <summary>
/// The registry of integration event types, so that an outbox row's type name resolves to exactly
/// one type. Add every new event here; contracts only grow.
/// </summary>
public static class IntegrationEvents
{
    private static readonly Dictionary<string, Type> ByName = new[]
    {
        typeof(CaseSubmitted), typeof(CaseAcknowledged), typeof(CaseResolved), typeof(CaseClosed),
        typeof(CaseCustomerInfoRequested), typeof(CaseCustomerInfoProvided), typeof(CaseReopened), typeof(CaseReturned),
        typeof(CaseResubmitted), typeof(CaseWithdrawn), typeof(CaseAssigned), typeof(CasePriorityChanged),
        typeof(CaseCommentAdded), typeof(CaseAccessChanged), typeof(CaseThirdPartyWaitChanged),
        typeof(RcaRequired), typeof(RcaCauseAttributed), typeof(RcaReviewRequested), typeof(RcaReviewed), typeof(RcaPublished),
        typeof(RcaOverdue), typeof(RcaActionOverdue), typeof(RcaCommentAdded),
        typeof(ResponsibilityMatrixChanged), typeof(SupportContractChanged), typeof(SupportReadinessDropped),
        typeof(PersonChanged), typeof(PersonInvited),
        typeof(SlaWarningReached), typeof(SlaBreached), typeof(CaseEscalated), typeof(SlaClockDeferred),
        typeof(HotlineCallRecorded), typeof(HotlineCallMissing),
        typeof(PageTriggered), typeof(PageAcknowledged), typeof(PageExhausted),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>All event types.</summary>
    public static IReadOnlyCollection<Type> All => ByName.Values;

    /// <summary>The event type with this name, or null.</summary>
    public static Type? Find(string name) => ByName.GetValueOrDefault(name);
}
