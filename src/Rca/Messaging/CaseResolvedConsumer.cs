using MassTransit;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Rca.Application;
using SupportPlatform.Rca.Data;
using SupportPlatform.Rca.Domain;

namespace SupportPlatform.Rca.Messaging;

/// <summary>
/// Creates the RCA a resolved P1 incident requires, once per case. A case an RCA already covers
/// (linked before it was resolved, or reopened and resolved again) keeps that RCA, whose timeline
/// gains the resolution.
/// </summary>
public sealed class CaseResolvedConsumer(Inbox inbox, RcaChanges changes, RcaCreation creation, TimeProvider clock) : IConsumer<CaseResolved>
{
    public async Task Consume(ConsumeContext<CaseResolved> context)
    {
        var snapshot = context.Message.Case;
        var facts = new CaseFacts(snapshot.CaseId, snapshot.OrganizationId, snapshot.SubmitterId, snapshot.Title, snapshot.Type,
            snapshot.Priority, snapshot.Plan, snapshot.CreatedAt, snapshot.AcknowledgedAt, snapshot.ResolvedAt ?? context.Message.OccurredAt);
        // Asked before the inbox transaction opens, so no write lock is held over the call.
        var parties = facts.RequiresRca ? await changes.PartiesAsync(snapshot.OrganizationId, snapshot.Cause, context.CancellationToken) : null;
        await inbox.HandleOnceAsync(context, nameof(CaseResolvedConsumer), async work =>
        {
            var now = clock.GetUtcNow();
            var covering = await RcaStore.FindByCaseAsync(work.Connection, work.Transaction, snapshot.CaseId);
            if (covering is not null)
            {
                if (facts.RequiresRca)
                {
                    await RcaStore.MarkRequiresRcaAsync(work, snapshot.CaseId);
                }
                await Timelines.AddToCoveringAsync(work, covering, CaseTimeline.Resolved(facts.CaseId, facts.Title, facts.ResolvedAt!.Value), now);
                return;
            }
            if (parties is null)
            {
                return;
            }
            await creation.CreateAsync(work, facts, snapshot.Cause, parties, now);
        });
    }
}
