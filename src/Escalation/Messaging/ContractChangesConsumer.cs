using MassTransit;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Escalation.Application;
using SupportPlatform.Escalation.Data;

namespace SupportPlatform.Escalation.Messaging;

/// <summary>
/// Keeps each organisation's business calendar from its contract events and recomputes every open
/// clock of the organisation when the calendar changes, in the same transaction: a clock never
/// counts in a calendar the contract no longer has.
/// </summary>
public sealed class ContractChangesConsumer(Inbox inbox, ClockKeeper keeper, TimeProvider clock) : IConsumer<SupportContractChanged>
{
    public Task Consume(ConsumeContext<SupportContractChanged> context) =>
        inbox.HandleOnceAsync(context, nameof(ContractChangesConsumer), async work =>
        {
            var contract = context.Message;
            var now = clock.GetUtcNow();
            var changed = await CalendarStore.SaveAsync(work.Connection, work.Transaction, CalendarStore.From(contract));
            if (!changed)
            {
                return;
            }
            var reason = $"calendar changed (contract version {contract.Version})";
            foreach (var caseId in await ClockStore.OpenOfOrganizationAsync(work.Connection, work.Transaction, contract.OrganizationId))
            {
                await keeper.RefreshAsync(work, caseId, now, reason);
            }
        });
}
