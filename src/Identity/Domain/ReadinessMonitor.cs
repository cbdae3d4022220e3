using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Identity.Data;

namespace SupportPlatform.Identity.Domain;

/// <summary>
/// Re-counts a customer's authorised submitters inside the unit of work that changed its people,
/// and raises <see cref="SupportReadinessDropped"/> when the count falls below two. The last
/// count is kept on the organisation, so the event is raised once per drop however many replicas
/// or sweeps look.
/// </summary>
public sealed class ReadinessMonitor(Outbox outbox, TimeProvider clock)
{
    public async Task ReevaluateAsync(UnitOfWork work, Guid organizationId)
    {
        var organization = await PeopleStore.FindOrganizationAsync(work, organizationId);
        if (organization is null || organization.Kind != OrganizationKinds.Customer)
        {
            return;
        }
        var people = await PeopleStore.PeopleOfAsync(work, organizationId);
        var count = SupportReadiness.Evaluate(people, organization, clock.GetUtcNow()).Authorized.Count;
        if (count == organization.AuthorizedSubmitters)
        {
            return;
        }
        await PeopleStore.UpdateAuthorizedCountAsync(work, organizationId, count);
        if (SupportReadiness.Dropped(organization.AuthorizedSubmitters, count))
        {
            var admins = people.Where(p => p.Active && p.RoleSet.Contains(Roles.CustomerAdmin)).Select(p => p.Id).ToList();
            await outbox.EnqueueAsync(work, new SupportReadinessDropped(
                organizationId, organization.Name, count, SupportReadiness.Required, admins, clock.GetUtcNow()));
        }
    }
}

public sealed class ReadinessSweepOptions
{
    /// <summary>How often every customer is re-counted (trainings expire with time alone).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Re-counts every customer periodically, because trainings expire without any write.</summary>
public sealed class ReadinessSweep(
    Database database, ReadinessMonitor monitor, Outbox outbox, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<ReadinessSweepOptions> options, ILogger<ReadinessSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                IReadOnlyList<Guid> customers;
                await using (var read = await database.BeginReadAsync(stoppingToken))
                {
                    customers = await PeopleStore.CustomerIdsAsync(read);
                }
                foreach (var customer in customers)
                {
                    await using var work = await database.BeginAsync(stoppingToken);
                    await monitor.ReevaluateAsync(work, customer);
                    await outbox.CommitAsync(work, stoppingToken);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Support readiness sweep failed; trying again next round");
            }
            await Task.Delay(options.Value.Interval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
