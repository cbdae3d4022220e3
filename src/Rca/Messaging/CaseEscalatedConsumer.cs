using MassTransit;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Rca.Application;
using SupportPlatform.Rca.Data;
using SupportPlatform.Rca.Domain;

namespace SupportPlatform.Rca.Messaging;

/// <summary>
/// Keeps every case's escalations for the timelines of RCAs (most are escalated before they are
/// resolved, so before their RCA exists), and adds one to the timeline of the unpublished RCA that
/// covers the case already, whichever arrives first.
/// </summary>
public sealed class CaseEscalatedConsumer(Inbox inbox, TimeProvider clock) : IConsumer<CaseEscalated>
{
    public Task Consume(ConsumeContext<CaseEscalated> context) =>
        inbox.HandleOnceAsync(context, nameof(CaseEscalatedConsumer), async work =>
        {
            var escalated = context.Message;
            var row = new CaseEscalationRow
            {
                EscalationId = escalated.EscalationId, CaseId = escalated.CaseId, OrganizationId = escalated.OrganizationId, Kind = escalated.Kind,
                FromLevel = escalated.FromLevel, ToLevel = escalated.ToLevel, TriggerKind = escalated.Trigger, BreachedTarget = escalated.BreachedTarget,
                OccurredAt = escalated.OccurredAt,
            };
            await CaseEscalationStore.InsertAsync(work, row);
            var covering = await RcaStore.FindByCaseAsync(work.Connection, work.Transaction, escalated.CaseId);
            if (covering is not null)
            {
                await Timelines.AddToCoveringAsync(work, covering, CaseTimeline.Escalated(Timelines.ToFact(row)), clock.GetUtcNow());
            }
        });
}
