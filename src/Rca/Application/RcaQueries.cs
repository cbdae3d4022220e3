using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Rca.Data;
using SupportPlatform.Rca.Domain;
using SupportPlatform.Rca.Grpc;

namespace SupportPlatform.Rca.Application;

/// <summary>Reads RCAs as the caller may see them: whole (cases, timeline, actions), their history, and as a document.</summary>
public sealed class RcaQueries(Database database, TimeProvider clock)
{
    public async Task<V1.Rca> GetAsync(Caller caller, Guid rcaId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var record = RcaChanges.Visible(caller, await RcaStore.FindAsync(connection, null, rcaId), rcaId);
        return (await ViewAsync(connection, [record]))[0];
    }

    /// <summary>An RCA just changed, as the contract shows it (the change path returns the record; its rows are read here).</summary>
    public async Task<V1.Rca> ShowAsync(RcaRecord record, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await ViewAsync(connection, [record]))[0];
    }

    /// <summary>The RCAs as the contract shows them, with their cases, timelines and actions, read in three queries.</summary>
    public async Task<IReadOnlyList<V1.Rca>> ViewAsync(System.Data.Common.DbConnection connection, IReadOnlyList<RcaRecord> records)
    {
        var ids = records.Select(record => record.Id).ToList();
        var cases = (await RcaStore.CasesAsync(connection, null, ids)).ToLookup(row => row.RcaId);
        var timeline = (await RcaStore.TimelineAsync(connection, null, ids)).ToLookup(row => row.RcaId);
        var actions = (await RcaStore.ActionsAsync(connection, null, ids)).ToLookup(row => row.RcaId);
        var now = clock.GetUtcNow();
        return [.. records.Select(record => RcaMapping.ToProto(record, cases[record.Id], timeline[record.Id], actions[record.Id], now))];
    }

    /// <summary>One page, newest first, and the last row's position when there are more.</summary>
    public async Task<(IReadOnlyList<V1.Rca> Rcas, long? Next)> ListAsync(Caller caller, RcaFilter filter, PageToken.Page page, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (!caller.IsVendor && filter.OrganizationId is { } asked && asked != caller.OrganizationId)
        {
            return ([], null);
        }
        var scoped = filter with { OrganizationId = caller.IsVendor ? filter.OrganizationId : caller.OrganizationId };
        var rows = await RcaStore.ListAsync(connection, database.Dialect, scoped, clock.GetUtcNow(), page.Before, page.Size + 1);
        var shown = rows.Take(page.Size).ToList();
        return (await ViewAsync(connection, shown), rows.Count > page.Size ? shown[^1].Seq : null);
    }

    /// <summary>The history; a customer's leaves out the vendor's internal notes.</summary>
    public async Task<IReadOnlyList<RcaHistoryRow>> HistoryAsync(Caller caller, Guid rcaId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        RcaChanges.Visible(caller, await RcaStore.FindAsync(connection, null, rcaId), rcaId);
        return await RcaStore.HistoryAsync(connection, rcaId, includeInternal: caller.IsVendor);
    }

    /// <summary>The RCA as a document, its times in the customer's time zone.</summary>
    public async Task<RcaDocument.Rendered> RenderAsync(Caller caller, Guid rcaId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var record = RcaChanges.Visible(caller, await RcaStore.FindAsync(connection, null, rcaId), rcaId);
        var rca = (await ViewAsync(connection, [record]))[0];
        return RcaDocument.Render(rca, CalendarStore.Zone(await CalendarStore.FindAsync(connection, null, record.OrganizationId)));
    }
}
