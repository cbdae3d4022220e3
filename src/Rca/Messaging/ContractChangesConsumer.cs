using System.Text.Json;
using MassTransit;
using SupportPlatform.BuildingBlocks.Domain;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Rca.Application;
using SupportPlatform.Rca.Data;

namespace SupportPlatform.Rca.Messaging;

/// <summary>
/// Keeps each organisation's business calendar from its contract events, and recomputes the due
/// time of every unpublished RCA of the organisation when it changes, in the same transaction.
/// </summary>
public sealed class ContractChangesConsumer(Inbox inbox, RcaCreation creation, TimeProvider clock) : IConsumer<SupportContractChanged>
{
    public Task Consume(ConsumeContext<SupportContractChanged> context) =>
        inbox.HandleOnceAsync(context, nameof(ContractChangesConsumer), async work =>
        {
            var contract = context.Message;
            var changed = await CalendarStore.SaveAsync(work.Connection, work.Transaction, new CalendarRow
            {
                OrganizationId = contract.OrganizationId,
                ContractVersion = contract.Version,
                TimeZone = contract.TimeZone,
                CalendarJson = JsonSerializer.Serialize(contract.Calendar ?? new ContractCalendar(ContractSchedules.DefaultHours, [])),
                ChangedAt = contract.OccurredAt,
            });
            if (!changed)
            {
                return;
            }
            var now = clock.GetUtcNow();
            foreach (var rcaId in await OverdueStore.UnpublishedOfAsync(work, contract.OrganizationId))
            {
                var rca = (await RcaStore.FindAsync(work.Connection, work.Transaction, rcaId))!;
                var due = await creation.DueAtAsync(work, rca.OrganizationId, rca.CreatedAt, rca.SupportPlan);
                if (due != rca.DueAt)
                {
                    await RcaStore.UpdateDueAsync(work, rca.Id, due, now);
                }
            }
        });
}
