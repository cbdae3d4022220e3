using SupportPlatform.BuildingBlocks.Domain;
using NodaTime;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Escalation.Data;
using SupportPlatform.Escalation.Domain;

namespace SupportPlatform.Escalation.Application;

/// <summary>
/// Keeps the case clocks: records each case event as a moment, computes the clock again from all
/// of the case's moments, raises the warnings and breaches that are due — each once, recorded in
/// <c>sla_alerts</c> in the same transaction as its outbox event, a breach with the escalations it
/// calls for — and stores when to look next.
/// </summary>
public sealed class ClockKeeper(Outbox outbox, CaseEscalations escalations)
{
    /// <summary>
    /// Records a case event and refreshes the case's clock; returns the clock as refreshed. The
    /// refresh works from what this call has in hand instead of reading it again: the clock row
    /// (locked and read here), and for a case's first event — whose clock is created here — its one
    /// moment, the policy just chosen and no alerts (a case's moments and alerts are only ever
    /// written with its clock, and neither is deleted while it exists).
    /// </summary>
    /// <param name="isUpdate">Whether the change is a public update that starts a new update-cadence cycle.</param>
    public async Task<ClockSnapshot> RecordAsync(UnitOfWork work, CaseSnapshot snapshot, DateTimeOffset occurredAt, bool isUpdate, DateTimeOffset now)
    {
        var (connection, transaction) = (work.Connection, work.Transaction);
        await ClockStore.LockAsync(connection, transaction, snapshot.CaseId);
        var moment = new CaseMomentRow
        {
            CaseId = snapshot.CaseId,
            Version = snapshot.Version,
            OccurredAt = snapshot.ChangedAt ?? occurredAt,
            Status = snapshot.Status,
            Holder = Holders.Name(Holders.Of(snapshot.ClockHolder, snapshot.Status)),
            Responded = snapshot.AcknowledgedAt is not null,
            IsUpdate = isUpdate,
        };
        await ClockStore.AddMomentAsync(connection, transaction, moment);
        var row = await ClockStore.FindAsync(connection, transaction, snapshot.CaseId);
        SlaPolicy policy;
        IReadOnlyList<CaseMomentRow> moments;
        IReadOnlyList<AlertRow> alerts;
        if (row is null)
        {
            policy = await CurrentPolicyAsync(work, snapshot.Plan, snapshot.Priority);
            row = new SlaClockRow
            {
                CaseId = snapshot.CaseId,
                OrganizationId = snapshot.OrganizationId,
                Plan = snapshot.Plan,
                Priority = snapshot.Priority,
                PolicyVersion = policy.Version,
                StartedAt = snapshot.CreatedAt,
                CaseVersion = snapshot.Version,
                Standing = Standings.Name(ClockStanding.OnTrack),
            };
            await ClockStore.InsertAsync(connection, transaction, row);
            (moments, alerts) = ([moment], []);
        }
        else
        {
            if (snapshot.Version > row.CaseVersion)
            {
                if (snapshot.Priority != row.Priority)
                {
                    // A changed priority re-plans every target from the case's start under the new
                    // priority's current policy: a P3 raised to P1 after three hours is late at once.
                    row.PolicyVersion = (await CurrentPolicyAsync(work, row.Plan, snapshot.Priority)).Version;
                    row.Priority = snapshot.Priority;
                }
                row.CaseVersion = snapshot.Version;
                await ClockStore.UpdatePlanAsync(connection, transaction, row);
            }
            policy = await PolicyOfAsync(connection, transaction, row);
            moments = await ClockStore.MomentsAsync(connection, transaction, row.CaseId);
            alerts = await ClockStore.AlertsAsync(connection, transaction, row.CaseId);
        }
        var calendar = await CalendarStore.FindAsync(connection, transaction, row.OrganizationId);
        var clock = Snapshot(row, moments, policy, Schedules.For(calendar, policy.Coverage), now);
        await EvaluateAsync(work, clock, alerts, now, reason: null);
        return clock;
    }

    /// <summary>Moves a case to another version of its policy (an update applied to open cases).</summary>
    public async Task ReplanAsync(UnitOfWork work, Guid caseId, int policyVersion, DateTimeOffset now, string reason)
    {
        var clock = await ClockStore.FindAsync(work.Connection, work.Transaction, caseId)
            ?? throw new InvalidOperationException($"No clock for case {caseId}.");
        clock.PolicyVersion = policyVersion;
        await ClockStore.UpdatePlanAsync(work.Connection, work.Transaction, clock);
        await RefreshAsync(work, caseId, now, reason);
    }

    /// <summary>
    /// Computes the case's clock at <paramref name="now"/>, raises what is due and stores the
    /// evaluation. <paramref name="reason"/>: why it is recomputed other than for a case change
    /// (recorded on the clock); null otherwise.
    /// </summary>
    public async Task<ClockSnapshot?> RefreshAsync(UnitOfWork work, Guid caseId, DateTimeOffset now, string? reason)
    {
        await ClockStore.LockAsync(work.Connection, work.Transaction, caseId);
        var snapshot = await LoadAsync(work.Connection, work.Transaction, caseId, now);
        if (snapshot is null)
        {
            return null;
        }
        var alerts = await ClockStore.AlertsAsync(work.Connection, work.Transaction, caseId);
        await EvaluateAsync(work, snapshot, alerts, now, reason);
        return snapshot;
    }

    /// <summary>
    /// Refreshes the clocks of <paramref name="caseIds"/> in one unit of work, each exactly as
    /// <see cref="RefreshAsync"/> would (same clock, same alerts, each raised once): their rows are
    /// locked first, then their clocks, moments and decided alerts and their organisations'
    /// calendars are read with one query each; policy versions and schedules come from
    /// <paramref name="cache"/>. Returns how many of them had a clock.
    /// </summary>
    public async Task<int> RefreshManyAsync(UnitOfWork work, IReadOnlyCollection<Guid> caseIds, DateTimeOffset now, TimerPassCache cache)
    {
        var (connection, transaction) = (work.Connection, work.Transaction);
        await ClockStore.LockManyAsync(connection, transaction, caseIds);
        var rows = await ClockStore.FindManyAsync(connection, transaction, caseIds);
        if (rows.Count == 0)
        {
            return 0;
        }
        var moments = (await ClockStore.MomentsOfAsync(connection, transaction, caseIds)).ToLookup(moment => moment.CaseId);
        var alerts = (await ClockStore.AlertsOfAsync(connection, transaction, caseIds)).ToLookup(alert => alert.CaseId);
        var calendars = (await ClockStore.CalendarsOfAsync(connection, transaction, [.. rows.Select(row => row.OrganizationId).Distinct()]))
            .ToDictionary(calendar => calendar.OrganizationId);
        foreach (var row in rows)
        {
            var policy = await cache.PolicyAsync(connection, transaction, row.Plan, row.Priority, row.PolicyVersion);
            var schedule = cache.Schedule(calendars.GetValueOrDefault(row.OrganizationId), policy.Coverage);
            var snapshot = Snapshot(row, [.. moments[row.CaseId]], policy, schedule, now);
            await EvaluateAsync(work, snapshot, alerts[row.CaseId], now, reason: null);
        }
        return rows.Count;
    }

    /// <summary>The case's clock computed at <paramref name="now"/> from what is stored, changing nothing; null for an unknown case.</summary>
    public static async Task<ClockSnapshot?> LoadAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, Guid caseId, DateTimeOffset now)
    {
        var row = await ClockStore.FindAsync(connection, transaction, caseId);
        if (row is null)
        {
            return null;
        }
        var moments = await ClockStore.MomentsAsync(connection, transaction, caseId);
        var policy = await PolicyOfAsync(connection, transaction, row);
        var calendar = await CalendarStore.FindAsync(connection, transaction, row.OrganizationId);
        return Snapshot(row, moments, policy, Schedules.For(calendar, policy.Coverage), now);
    }

    /// <summary>The policy version the clock runs under.</summary>
    private static async Task<SlaPolicy> PolicyOfAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, SlaClockRow row) =>
        (await SlaPolicyStore.VersionAsync(connection, transaction, row.Plan, row.Priority, row.PolicyVersion)
            ?? throw new InvalidOperationException($"Policy {row.Plan}/{row.Priority} v{row.PolicyVersion} is missing.")).ToPolicy();

    private static ClockSnapshot Snapshot(SlaClockRow row, IReadOnlyList<CaseMomentRow> moments, SlaPolicy policy, BusinessSchedule schedule, DateTimeOffset now) =>
        new(row, moments, policy, schedule, SlaClockCalculator.Compute(moments.Select(Moment), policy, schedule, Instant.FromDateTimeOffset(now)));

    /// <summary>
    /// Decides the clock's alerts against those already decided (<paramref name="alerts"/>, read
    /// under the clock's lock), raises each new one once — its <c>sla_alerts</c> row and outbox
    /// event in this unit of work — and stores the evaluation.
    /// </summary>
    private async Task EvaluateAsync(UnitOfWork work, ClockSnapshot snapshot, IEnumerable<AlertRow> alerts, DateTimeOffset now, string? reason)
    {
        var (row, clock, schedule, policy) = (snapshot.Row, snapshot.Clock, snapshot.Schedule, snapshot.Policy);
        var caseId = row.CaseId;
        var decided = alerts.Select(alert => (Targets.Parse(alert.Target), alert.Cycle, Enum.Parse<AlertKind>(alert.Kind))).ToHashSet();
        var decision = SlaAlerts.Decide(clock, decided, schedule, Instant.FromDateTimeOffset(now));
        foreach (var alert in decision.Raise)
        {
            if (await ClockStore.AddAlertAsync(work.Connection, work.Transaction, AlertRow(caseId, alert, now, raised: true)))
            {
                await RaiseAsync(work, row, policy, clock, alert, now);
                if (alert.Kind == AlertKind.Breach)
                {
                    await escalations.OnBreachAsync(work, row, alert.Target, now);
                }
            }
        }
        foreach (var alert in decision.Drop)
        {
            await ClockStore.AddAlertAsync(work.Connection, work.Transaction, AlertRow(caseId, alert, now, raised: false));
        }
        row.Standing = Standings.Name(clock.Standing);
        row.ResponseDueAt = clock.Find(SlaTargetKind.Response)?.DueAt?.ToDateTimeOffset();
        row.UpdateDueAt = clock.Find(SlaTargetKind.Update)?.DueAt?.ToDateTimeOffset();
        row.ResolutionDueAt = clock.Find(SlaTargetKind.Resolution)?.DueAt?.ToDateTimeOffset();
        row.NextDueAt = clock.NextDueAt?.ToDateTimeOffset();
        row.NextCheckAt = decision.NextCheckAt?.ToDateTimeOffset();
        row.EvaluatedAt = now;
        if (reason is not null)
        {
            row.RecomputedAt = now;
            row.RecomputeReason = reason;
        }
        await ClockStore.SaveEvaluationAsync(work.Connection, work.Transaction, row);
    }

    private static CaseMoment Moment(CaseMomentRow row) =>
        new(row.Version, Instant.FromDateTimeOffset(row.OccurredAt), row.Status, Holders.Parse(row.Holder), row.Responded, row.IsUpdate);

    private static async Task<SlaPolicy> CurrentPolicyAsync(UnitOfWork work, string plan, string priority) =>
        (await SlaPolicyStore.CurrentAsync(work.Connection, work.Transaction, plan, priority))?.ToPolicy()
            ?? SlaPolicyDefaults.For(plan, priority);

    private static AlertRow AlertRow(Guid caseId, SlaAlert alert, DateTimeOffset now, bool raised) => new()
    {
        CaseId = caseId,
        Target = Targets.Name(alert.Target),
        Cycle = alert.Cycle,
        Kind = alert.Kind.ToString(),
        DueAt = alert.At.ToDateTimeOffset(),
        DecidedAt = now,
        Raised = raised,
    };

    private async Task RaiseAsync(UnitOfWork work, SlaClockRow row, SlaPolicy policy, CaseClock clock, SlaAlert alert, DateTimeOffset now)
    {
        var target = clock.Targets.First(candidate => candidate.Kind == alert.Target && candidate.Cycle == alert.Cycle);
        var due = target.DueAt?.ToDateTimeOffset() ?? alert.At.ToDateTimeOffset();
        await (alert.Kind == AlertKind.Warning
            ? outbox.EnqueueAsync(work, new SlaWarningReached(row.CaseId, row.OrganizationId, row.Plan, row.Priority, policy.Version, Targets.Name(alert.Target),
                alert.Cycle, CoverageNames.Of(policy.Coverage), policy.WarningPercent, due, target.Elapsed.ToTimeSpan(), target.Budget.ToTimeSpan(), now))
            : outbox.EnqueueAsync(work, new SlaBreached(row.CaseId, row.OrganizationId, row.Plan, row.Priority, policy.Version, Targets.Name(alert.Target),
                alert.Cycle, CoverageNames.Of(policy.Coverage), due, target.Budget.ToTimeSpan(), target.ReachedAt is not null, now)));
    }
}
