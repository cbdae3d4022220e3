using System.Globalization;
using Grpc.Core;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Escalation.Application;
using SupportPlatform.Escalation.Data;
using SupportPlatform.Escalation.V1;

namespace SupportPlatform.Escalation.Grpc;

/// <summary>Pages: read them, and acknowledge them to stop the escalation.</summary>
public sealed class PagingGrpcService(Database database, Paging paging, Outbox outbox, TimeProvider clock) : PagingService.PagingServiceBase
{
    public override async Task<GetPageResponse> GetPage(GetPageRequest request, ServerCallContext context)
    {
        new Violations().RequireId(request.PageId, "page_id", out var pageId).ThrowIfAny();
        await using var read = await database.BeginReadAsync(context.CancellationToken);
        var row = await PageStore.FindAsync(read.Connection, read.Transaction, pageId) ?? throw new NotFoundException("page", request.PageId);
        var steps = await PageStore.StepsAsync(read.Connection, read.Transaction, [pageId]);
        return new GetPageResponse { Page = OnCallMapping.ToProto(row, steps) };
    }

    public override async Task<ListPagesResponse> ListPages(ListPagesRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var caseId = violations.OptionalId(request.CaseId, "case_id");
        var (size, after) = PageToken.ReadKeyed(request.PageSize, request.PageToken, violations);
        DateTimeOffset? beforeStarted = null;
        Guid? beforeId = null;
        if (after.Length > 0)
        {
            var parts = after.Split('|');
            if (parts.Length == 2 && Guid.TryParse(parts[1], out var id)
                && DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var started))
            {
                (beforeStarted, beforeId) = (started, id);
            }
            else
            {
                violations.Add("page_token", "is not a token this service issued");
            }
        }
        violations.ThrowIfAny();

        await using var read = await database.BeginReadAsync(context.CancellationToken);
        var rows = await PageStore.ListAsync(read.Connection, read.Transaction, database.Dialect, caseId, request.OpenOnly, beforeStarted, beforeId, size + 1);
        var shown = rows.Take(size).ToList();
        var steps = await PageStore.StepsAsync(read.Connection, read.Transaction, [.. shown.Select(row => row.PageId)]);
        var response = new ListPagesResponse { Pages = { shown.Select(row => OnCallMapping.ToProto(row, steps)) } };
        if (rows.Count > size)
        {
            var last = rows[size - 1];
            response.NextPageToken = PageToken.WriteKeyed($"{last.StartedAt.ToString("O", CultureInfo.InvariantCulture)}|{last.PageId:D}");
        }
        return response;
    }

    public override async Task<AcknowledgePageResponse> AcknowledgePage(AcknowledgePageRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations().RequireId(request.PageId, "page_id", out var pageId).ThrowIfAny();
        await using var work = await database.BeginAsync(context.CancellationToken);
        var row = await paging.AcknowledgeAsync(work, pageId, caller, clock.GetUtcNow());
        var steps = await PageStore.StepsAsync(work.Connection, work.Transaction, [pageId]);
        await outbox.CommitAsync(work, context.CancellationToken);
        return new AcknowledgePageResponse { Page = OnCallMapping.ToProto(row, steps) };
    }
}
