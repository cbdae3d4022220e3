using SupportPlatform.BuildingBlocks.Domain;
using System.Globalization;
using Grpc.Core;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Common.V1;
using SupportPlatform.Escalation.Application;
using SupportPlatform.Escalation.Data;
using SupportPlatform.Escalation.V1;

namespace SupportPlatform.Escalation.Grpc;

/// <summary>Case clocks, computed at the time of each call.</summary>
public sealed class SlaGrpcService(Database database, TimeProvider clock) : SlaService.SlaServiceBase
{
    public override async Task<GetCaseSlaResponse> GetCaseSla(GetCaseSlaRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations().RequireId(request.CaseId, "case_id", out var caseId).ThrowIfAny();
        await using var connection = await database.OpenAsync(context.CancellationToken);
        var snapshot = await ClockKeeper.LoadAsync(connection, null, caseId, clock.GetUtcNow());
        if (snapshot is null || !(caller.IsVendor || caller.OrganizationId == snapshot.Row.OrganizationId))
        {
            throw new NotFoundException("case SLA", request.CaseId);
        }
        return new GetCaseSlaResponse { Sla = SlaMapping.ToProto(snapshot) };
    }

    public override async Task<ListCaseSlasResponse> ListCaseSlas(ListCaseSlasRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var (size, after) = PageToken.ReadKeyed(request.PageSize, request.PageToken, violations);
        var organizationFilter = violations.OptionalId(request.OrganizationId, "organization_id");
        violations
            .Require(request.Standings.All(standing => standing != SlaStanding.Unspecified && Enum.IsDefined(standing)), "standings", "must be known standings");
        if (request.DueWithin is { } within)
        {
            violations.Require(within.Seconds >= 0 && within.Nanos >= 0 && within.ToTimeSpan() <= TimeSpan.FromDays(366),
                "due_within", "must be 0 to 366 days");
        }
        DateTimeOffset? afterDue = null;
        Guid? afterId = null;
        if (after.Length > 0)
        {
            var parts = after.Split('|');
            var dueOk = parts.Length == 2 && (parts[0].Length == 0 || DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _));
            if (dueOk && Guid.TryParse(parts[1], out var id))
            {
                afterDue = parts[0].Length == 0 ? null : DateTimeOffset.Parse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                afterId = id;
            }
            else
            {
                violations.Add("page_token", "is not a token this service issued");
            }
        }
        violations.ThrowIfAny();

        var organization = OrganizationScope.For(caller, organizationFilter, request.OrganizationId);
        var now = clock.GetUtcNow();
        DateTimeOffset? dueBefore = request.DueWithin is { } dueWithin ? now + dueWithin.ToTimeSpan() : null;
        var standings = request.Standings.Select(standing => Domain.Standings.Name(SlaMapping.FromProto(standing))).Distinct().ToList();
        await using var connection = await database.OpenAsync(context.CancellationToken);
        var keys = await ClockStore.ListAsync(connection, database.Dialect, organization, standings, dueBefore, afterDue, afterId, size + 1);
        var response = new ListCaseSlasResponse();
        foreach (var key in keys.Take(size))
        {
            if (await ClockKeeper.LoadAsync(connection, null, key.CaseId, now) is { } snapshot)
            {
                response.Slas.Add(SlaMapping.ToProto(snapshot));
            }
        }
        if (keys.Count > size)
        {
            var last = keys[size - 1];
            var lastDue = dueBefore is null ? "" : last.NextDueAt?.ToString("O", CultureInfo.InvariantCulture) ?? "";
            response.NextPageToken = PageToken.WriteKeyed($"{lastDue}|{last.CaseId}");
        }
        return response;
    }

    public override async Task<GetSlaReportResponse> GetSlaReport(GetSlaReportRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations()
            .RequireId(request.OrganizationId, "organization_id", out var organizationId)
            .Require(request.From is not null, "from", "is required")
            .Require(request.To is not null, "to", "is required");
        if (request.From is not null && request.To is not null)
        {
            var span = request.To.ToDateTimeOffset() - request.From.ToDateTimeOffset();
            violations.Require(span > TimeSpan.Zero && span <= TimeSpan.FromDays(366), "to", "must be after `from`, at most 366 days later");
        }
        violations.ThrowIfAny();
        OrganizationScope.For(caller, organizationId, request.OrganizationId);
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenAsync(context.CancellationToken);
        var clocks = new List<(string Priority, Domain.CaseClock Clock)>();
        foreach (var caseId in await ClockStore.StartedInAsync(connection, organizationId, request.From!.ToDateTimeOffset(), request.To!.ToDateTimeOffset()))
        {
            if (await ClockKeeper.LoadAsync(connection, null, caseId, now) is { } snapshot)
            {
                clocks.Add((snapshot.Row.Priority, snapshot.Clock));
            }
        }
        var report = Domain.SlaReport.Build(clocks);
        var response = new GetSlaReportResponse
        {
            OrganizationId = request.OrganizationId,
            From = request.From,
            To = request.To,
            EvaluatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now),
            Cases = report.Cases,
            TotalAttribution = SlaMapping.ToProto(report.TotalAttribution),
        };
        response.Lines.AddRange(report.Lines.Select(SlaMapping.ToProto));
        response.Attribution.AddRange(report.AttributionByPriority.OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(entry => new PriorityAttribution { Priority = ProtoEnums.Parse<Priority>(entry.Key), Attribution = SlaMapping.ToProto(entry.Value) }));
        return response;
    }

    public override async Task<PreviewClockResponse> PreviewClock(PreviewClockRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations()
            .RequireId(request.OrganizationId, "organization_id", out var organizationId)
            .Require(Domain.SlaPolicyDefaults.Plans.Contains(ProtoEnums.Name(request.Plan)), "plan", "must be SUPPORT_PLAN_STANDARD, SUPPORT_PLAN_PREMIUM or SUPPORT_PLAN_PREMIUM_PLUS")
            .Require(Domain.SlaPolicyDefaults.Priorities.Contains(ProtoEnums.Name(request.Priority)), "priority", "must be PRIORITY_P1, PRIORITY_P2, PRIORITY_P3 or PRIORITY_P4")
            .ThrowIfAny();
        OrganizationScope.For(caller, organizationId, request.OrganizationId);
        await using var connection = await database.OpenAsync(context.CancellationToken);
        var preview = await ClockPreview.ComputeAsync(connection, null, organizationId, ProtoEnums.Name(request.Plan), ProtoEnums.Name(request.Priority),
            request.At?.ToDateTimeOffset() ?? clock.GetUtcNow());
        var zone = preview.Schedule.Zone;
        return new PreviewClockResponse
        {
            Coverage = preview.Policy.Coverage == Domain.ClockCoverage.AroundTheClock ? Coverage._24X7 : Coverage.BusinessHours,
            ClockStartsAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(preview.StartsAt.ToDateTimeOffset()),
            ClockStartsAtLocal = LocalTimes.Format(preview.StartsAt, zone),
            TimeZone = zone.Id,
            ResponseDueAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(preview.ResponseDueAt.ToDateTimeOffset()),
            ResolutionDueAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(preview.ResolutionDueAt.ToDateTimeOffset()),
            PolicyVersion = preview.Policy.Version,
        };
    }
}
