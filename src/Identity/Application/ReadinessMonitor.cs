using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Identity.Data;
using SupportPlatform.Identity.Domain;

namespace SupportPlatform.Identity.Application;

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
