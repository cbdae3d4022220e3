using SupportPlatform.BuildingBlocks.Domain;
using SupportPlatform.BuildingBlocks.Grpc;
using Google.Protobuf.WellKnownTypes;
using NodaTime;
using SupportPlatform.Common.V1;
using SupportPlatform.Escalation.Application;
using SupportPlatform.Escalation.Data;
using SupportPlatform.Escalation.Domain;
using SupportPlatform.Escalation.V1;
using DomainState = SupportPlatform.Escalation.Domain.TargetState;
using DomainHolder = SupportPlatform.Escalation.Domain.ClockHolder;
using Duration = Google.Protobuf.WellKnownTypes.Duration;
using ProtoPolicy = SupportPlatform.Escalation.V1.SlaPolicy;

namespace SupportPlatform.Escalation.Grpc;

/// <summary>Clocks and policies as the contract shows them.</summary>
public static class SlaMapping
{
    public static CaseSla ToProto(ClockSnapshot snapshot)
    {
        var (row, clock, zone) = (snapshot.Row, snapshot.Clock, snapshot.Schedule.Zone);
        var last = snapshot.Moments.LastOrDefault();
        var sla = new CaseSla
        {
            CaseId = row.CaseId.ToString(),
            OrganizationId = row.OrganizationId.ToString(),
            Plan = ProtoEnums.Parse<SupportPlan>(row.Plan),
            Priority = ProtoEnums.Parse<Priority>(row.Priority),
            Coverage = snapshot.Policy.Coverage == ClockCoverage.AroundTheClock ? Coverage._24X7 : Coverage.BusinessHours,
            StartedAt = Timestamp.FromDateTimeOffset(row.StartedAt),
            ClosedAt = last?.Status is "CLOSED" or "WITHDRAWN" ? Timestamp.FromDateTimeOffset(last.OccurredAt) : null,
            EvaluatedAt = Stamp(clock.EvaluatedAt),
            PolicyVersion = row.PolicyVersion,
            TimeZone = zone.Id,
            Standing = clock.Standing switch
            {
                ClockStanding.OnTrack => SlaStanding.OnTrack,
                ClockStanding.AtRisk => SlaStanding.AtRisk,
                ClockStanding.Breached => SlaStanding.Breached,
                _ => SlaStanding.Done,
            },
            RecomputedAt = row.RecomputedAt is { } recomputed ? Timestamp.FromDateTimeOffset(recomputed) : null,
            RecomputeReason = row.RecomputeReason ?? "",
        };
        foreach (var target in clock.Targets)
        {
            var proto = Target(target, zone);
            switch (target.Kind)
            {
                case SlaTargetKind.Response: sla.Response = proto; break;
                case SlaTargetKind.Update: sla.Update = proto; break;
                default: sla.Resolution = proto; break;
            }
        }
        return sla;
    }

    private static SlaTarget Target(TargetClock target, DateTimeZone zone) => new()
    {
        Kind = ToProto(target.Kind),
        Target = Duration.FromTimeSpan(target.Budget.ToTimeSpan()),
        DueAt = target.DueAt is { } dueAt ? Stamp(dueAt) : null,
        DueAtLocal = target.DueAt is { } due ? LocalTimes.Format(due, zone) : "",
        WarningAt = target.WarningAt is { } warningAt ? Stamp(warningAt) : null,
        ReachedAt = target.ReachedAt is { } reachedAt ? Stamp(reachedAt) : null,
        StartedAt = Stamp(target.StartedAt),
        State = target.State switch
        {
            DomainState.Met => V1.TargetState.Met,
            DomainState.Breached => V1.TargetState.Breached,
            DomainState.Cancelled => V1.TargetState.Cancelled,
            _ => V1.TargetState.Pending,
        },
        Elapsed = Duration.FromTimeSpan(target.Elapsed.ToTimeSpan()),
        Remaining = Duration.FromTimeSpan(target.Remaining.ToTimeSpan()),
        Running = target.Running,
        Since = Stamp(target.Since),
        Holder = Holder(target.Holder),
        Attribution = ToProto(target.Attribution),
        Cycle = target.Cycle,
        BreachedCycles = target.BreachedCycles,
    };

    public static TargetKind ToProto(SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.Response => TargetKind.Response,
        SlaTargetKind.Update => TargetKind.Update,
        _ => TargetKind.Resolution,
    };

    /// <summary>A standing as the contract names it and as the store does.</summary>
    public static ClockStanding FromProto(SlaStanding standing) => standing switch
    {
        SlaStanding.OnTrack => ClockStanding.OnTrack,
        SlaStanding.AtRisk => ClockStanding.AtRisk,
        SlaStanding.Breached => ClockStanding.Breached,
        _ => ClockStanding.Done,
    };

    public static V1.PartyTime ToProto(Domain.PartyTime time) => new()
    {
        Vendor = Duration.FromTimeSpan(time.Vendor.ToTimeSpan()),
        Customer = Duration.FromTimeSpan(time.Customer.ToTimeSpan()),
        ThirdParty = Duration.FromTimeSpan(time.ThirdParty.ToTimeSpan()),
    };

    public static SlaReportLine ToProto(ReportLine line)
    {
        var proto = new SlaReportLine
        {
            Priority = ProtoEnums.Parse<Priority>(line.Priority),
            Target = ToProto(line.Target),
            Met = line.Met,
            Breached = line.Breached,
            Pending = line.Pending,
            Cancelled = line.Cancelled,
            Median = line.Median is { } median ? Duration.FromTimeSpan(median.ToTimeSpan()) : null,
            Percentile90 = line.Percentile90 is { } p90 ? Duration.FromTimeSpan(p90.ToTimeSpan()) : null,
        };
        if (line.MetPercent is { } met)
        {
            proto.MetPercent = met;
        }
        if (line.BreachedPercent is { } breached)
        {
            proto.BreachedPercent = breached;
        }
        return proto;
    }

    private static Timestamp Stamp(Instant at) => Timestamp.FromDateTimeOffset(at.ToDateTimeOffset());

    private static V1.ClockHolder Holder(DomainHolder holder) => holder switch
    {
        DomainHolder.Vendor => V1.ClockHolder.Vendor,
        DomainHolder.Customer => V1.ClockHolder.Customer,
        DomainHolder.ThirdParty => V1.ClockHolder.ThirdParty,
        _ => V1.ClockHolder.Nobody,
    };

    public static ProtoPolicy ToProto(SlaPolicyRow row) => new()
    {
        Plan = ProtoEnums.Parse<SupportPlan>(row.Plan),
        Priority = ProtoEnums.Parse<Priority>(row.Priority),
        Version = row.Version,
        Response = Duration.FromTimeSpan(TimeSpan.FromSeconds(row.ResponseSeconds)),
        UpdateCadence = row.UpdateSeconds is { } update ? Duration.FromTimeSpan(TimeSpan.FromSeconds(update)) : null,
        Resolution = Duration.FromTimeSpan(TimeSpan.FromSeconds(row.ResolutionSeconds)),
        WarningPercent = row.WarningPercent,
        Coverage = row.Coverage == CoverageNames.AroundTheClock ? Coverage._24X7 : Coverage.BusinessHours,
        CreatedAt = Timestamp.FromDateTimeOffset(row.CreatedAt),
        CreatedBy = row.CreatedBy?.ToString() ?? "",
    };
}
