using MassTransit;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Rca.Application;
using SupportPlatform.Rca.Data;
using SupportPlatform.Rca.Domain;

namespace SupportPlatform.Rca.Messaging;

/// <summary>
/// Keeps each organisation's business calendar from its contract events, and recomputes the due
/// time of every unpublished RCA of the organisation when it changes, in the same transaction: a
/// moved due time is a change of the RCA (its version, its history; its overdue timer armed again
/// when the new due time lies ahead).
/// </summary>
public sealed class ContractChangesConsumer(Inbox inbox, RcaCreation creation, TimeProvider clock) : IConsumer<SupportContractChanged>
{
    public Task Consume(ConsumeContext<SupportContractChanged> context) =>
        inbox.HandleOnceAsync(context, nameof(ContractChangesConsumer), async work =>
        {
            var contract = context.Message;
            if (!await CalendarStore.SaveAsync(work.Connection, work.Transaction, CalendarStore.From(contract)))
            {
                return;
            }
            var now = clock.GetUtcNow();
            foreach (var rcaId in await OverdueStore.UnpublishedOfAsync(work, contract.OrganizationId))
            {
                var rca = (await RcaStore.FindAsync(work.Connection, work.Transaction, rcaId))!;
                var due = await creation.DueAtAsync(work, rca.OrganizationId, rca.CreatedAt, rca.SupportPlan);
                if (due == rca.DueAt)
                {
                    continue;
                }
                if (!await RcaStore.UpdateDueAsync(work, rca.Id, rca.Version, due, now))
                {
                    // Changed since it was read: the transaction rolls back and the event is retried.
                    throw new ConflictException($"RCA {rca.Id} changed while its due time was recomputed; retrying.", rca.Version);
                }
                await RcaStore.InsertHistoryAsync(work, RcaHistoryRow.Of(rca.Id, rca.Version + 1, now, null, RcaHistoryActions.DueChanged,
                    "due_at", rca.DueAt.ToString("O"), due.ToString("O")));
            }
        });
}
