using SupportPlatform.BuildingBlocks.Domain;
using SupportPlatform.BuildingBlocks.Grpc;
using Google.Protobuf.WellKnownTypes;
using NodaTime;
using SupportPlatform.Common.V1;
using SupportPlatform.Escalation.Application;
using SupportPlatform.Escalation.Data;
using SupportPlatform.Escalation.Domain;
using SupportPlatform.Escalation.V1;

namespace SupportPlatform.Escalation.Grpc;

/// <summary>Schedules, duties, policies and pages as the contract shows them.</summary>
public static class OnCallMapping
{

    public static OnCallSchedule ToProto(ScheduleRow row, IEnumerable<OverrideRow> openOverrides, Interval? nextGap, DateTimeOffset evaluatedAt) => new()
    {
        ScheduleId = row.ScheduleId.ToString(),
        Name = row.Name,
        TimeZone = row.TimeZone,
        Layers = { OnCallSchedules.Layers(row) },
        Overrides = { openOverrides.Select(ToProto) },
        Version = row.Version,
        CreatedAt = Timestamp.FromDateTimeOffset(row.CreatedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(row.UpdatedAt),
        UpdatedBy = row.UpdatedBy?.ToString() ?? "",
        NextGapStart = nextGap is { } gap ? Stamp(gap.Start) : null,
        NextGapEnd = nextGap is { } end ? Stamp(end.End) : null,
        EvaluatedAt = Timestamp.FromDateTimeOffset(evaluatedAt),
    };

    public static OnCallOverride ToProto(OverrideRow row) => new()
    {
        OverrideId = row.OverrideId.ToString(),
        PersonId = row.PersonId.ToString(),
        StartsAt = Timestamp.FromDateTimeOffset(row.StartsAt),
        EndsAt = Timestamp.FromDateTimeOffset(row.EndsAt),
        CreatedAt = Timestamp.FromDateTimeOffset(row.CreatedAt),
        CreatedBy = row.CreatedBy?.ToString() ?? "",
        RemovedAt = row.RemovedAt is { } removed ? Timestamp.FromDateTimeOffset(removed) : null,
        RemovedBy = row.RemovedBy?.ToString() ?? "",
    };

    public static OnCallDuty ToProto(OnDuty duty, Instant at, IReadOnlyList<OnCallLayer> layers, DateTimeZone zone) => new()
    {
        PersonId = duty.PersonId?.ToString() ?? "",
        Source = duty.Origin.Kind switch
        {
            DutyOriginKind.Layer => OnCallSource.Layer,
            DutyOriginKind.Override => OnCallSource.Override,
            _ => OnCallSource.Nobody,
        },
        Layer = duty.Origin.Kind == DutyOriginKind.Layer ? duty.Origin.Layer + 1 : 0,
        LayerName = duty.Origin.Kind == DutyOriginKind.Layer ? layers[duty.Origin.Layer].Name : "",
        OverrideId = duty.Origin.OverrideId?.ToString() ?? "",
        Since = duty.Since is { } since ? Stamp(since) : null,
        Until = duty.Until is { } until ? Stamp(until) : null,
        SinceLocal = duty.Since is { } sinceLocal ? Local(sinceLocal, zone) : "",
        UntilLocal = duty.Until is { } untilLocal ? Local(untilLocal, zone) : "",
        At = Stamp(at),
    };

    public static ScheduleGap ToProto(Interval gap, DateTimeZone zone) => new()
    {
        StartsAt = Stamp(gap.Start),
        EndsAt = Stamp(gap.End),
        StartsAtLocal = Local(gap.Start, zone),
        EndsAtLocal = Local(gap.End, zone),
    };

    public static EscalationPolicy ToProto(EscalationPolicyRow row) => new()
    {
        PolicyId = row.PolicyId.ToString(),
        Name = row.Name,
        Steps = { ProtoJson.Parse<EscalationStep>(row.StepsJson) },
        Repeats = row.Repeats,
        Version = row.Version,
        CreatedAt = Timestamp.FromDateTimeOffset(row.CreatedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(row.UpdatedAt),
        UpdatedBy = row.UpdatedBy?.ToString() ?? "",
    };

    public static Page ToProto(PageRow row, IEnumerable<PageStepRow> steps) => new()
    {
        PageId = row.PageId.ToString(),
        CaseId = row.CaseId.ToString(),
        OrganizationId = row.OrganizationId.ToString(),
        PolicyId = row.PolicyId.ToString(),
        PolicyVersion = row.PolicyVersion,
        Reason = row.Reason,
        Urgency = ProtoEnums.Parse<Urgency>(row.Urgency),
        State = row.State switch
        {
            PageStates.Open => PageState.Open,
            PageStates.Acknowledged => PageState.Acknowledged,
            _ => PageState.Exhausted,
        },
        StartedAt = Timestamp.FromDateTimeOffset(row.StartedAt),
        Steps =
        {
            steps.Where(step => step.PageId == row.PageId).Select(step => new PageStep
            {
                Step = step.Step,
                Attempt = step.Attempt,
                PersonIds = { Paging.PersonIds(step.PersonIds).Select(id => id.ToString()) },
                PagedAt = Timestamp.FromDateTimeOffset(step.PagedAt),
                EscalatesAt = step.EscalatesAt is { } escalates ? Timestamp.FromDateTimeOffset(escalates) : null,
            }),
        },
        NextEscalationAt = row.NextDueAt is { } due ? Timestamp.FromDateTimeOffset(due) : null,
        AcknowledgedAt = row.AcknowledgedAt is { } acknowledged ? Timestamp.FromDateTimeOffset(acknowledged) : null,
        AcknowledgedBy = row.AcknowledgedBy?.ToString() ?? "",
        ExhaustedAt = row.ExhaustedAt is { } exhausted ? Timestamp.FromDateTimeOffset(exhausted) : null,
    };

    private static Timestamp Stamp(Instant at) => Timestamp.FromDateTimeOffset(at.ToDateTimeOffset());

    private static string Local(Instant at, DateTimeZone zone) => LocalTimes.Format(at, zone);
}
