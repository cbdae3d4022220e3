using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Domain;
using System.Data.Common;
using NodaTime;
using SupportPlatform.Escalation.Data;
using SupportPlatform.Escalation.Domain;

namespace SupportPlatform.Escalation.Application;

/// <summary>What a new case's clock would be: under the current policy and the organisation's calendar.</summary>
public sealed record ClockPreview(
    SlaPolicy Policy, BusinessSchedule Schedule, Instant SubmittedAt, Instant StartsAt, Instant ResponseDueAt, Instant ResolutionDueAt)
{
    /// <summary>Whether the clock waits for business hours to start.</summary>
    public bool Deferred => StartsAt > SubmittedAt;

    public static async Task<ClockPreview> ComputeAsync(
        DbConnection connection, DbTransaction? transaction, Guid organizationId, string plan, string priority, DateTimeOffset at)
    {
        var policy = (await SlaPolicyStore.CurrentAsync(connection, transaction, plan, priority))?.ToPolicy() ?? SlaPolicyDefaults.For(plan, priority);
        return Of(policy, Schedules.For(await CalendarStore.FindAsync(connection, transaction, organizationId), policy.Coverage), at);
    }

    /// <summary>The clock of a case submitted at <paramref name="at"/> under <paramref name="policy"/> and <paramref name="schedule"/>.</summary>
    public static ClockPreview Of(SlaPolicy policy, BusinessSchedule schedule, DateTimeOffset at)
    {
        var submitted = Instant.FromDateTimeOffset(at);
        return new ClockPreview(policy, schedule, submitted, schedule.NextBusinessInstant(submitted),
            schedule.Add(submitted, policy.Response), schedule.Add(submitted, policy.Resolution));
    }
}
