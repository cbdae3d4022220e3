using Dapper;
using MassTransit;
using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Rca.Data;
using SupportPlatform.Rca.Domain;

namespace SupportPlatform.Rca.Messaging;

/// <summary>Creates the RCA a resolved P1 incident requires, once per case.</summary>
public sealed class CaseResolvedConsumer(
    Inbox inbox, Outbox outbox, ResponsibilityDirectory responsibilities, TimeProvider clock, IOptions<RcaOptions> options) : IConsumer<CaseResolved>
{
    public async Task Consume(ConsumeContext<CaseResolved> context)
    {
        var snapshot = context.Message.Case;
        if (!RcaPolicy.IsRequired(snapshot))
        {
            return;
        }
        // Asked before the inbox transaction opens, so no write lock is held over the call.
        var duty = await responsibilities.ResolveAsync(snapshot.OrganizationId, RcaPolicy.OwnershipTask(snapshot.Cause), context.CancellationToken);
        await inbox.HandleOnceAsync(context, nameof(CaseResolvedConsumer), async work =>
        {
            // A case reopened and resolved again keeps its first RCA.
            var existing = await work.Connection.QuerySingleOrDefaultAsync<RcaRecord>(RcaStore.SelectByCaseSql, new { snapshot.CaseId }, work.Transaction);
            if (existing is not null)
            {
                return;
            }
            var now = clock.GetUtcNow();
            var rca = new RcaRecord
            {
                Id = Guid.NewGuid(),
                OrganizationId = snapshot.OrganizationId,
                CaseId = snapshot.CaseId,
                State = "REQUIRED",
                OwnerParty = RcaPolicy.Owner(duty),
                Cause = snapshot.Cause,
                CreatedAt = now,
                DueAt = now.AddDays(options.Value.DueAfterDays),
            };
            await work.Connection.ExecuteAsync(RcaStore.InsertSql, rca, work.Transaction);
            await outbox.EnqueueAsync(work, new RcaRequired(rca.Id, snapshot.CaseId, snapshot.OrganizationId,
                snapshot.SubmitterId, snapshot.Title, rca.OwnerParty, rca.DueAt, now));
        });
    }
}
