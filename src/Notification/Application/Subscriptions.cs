using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Notification.Data;

namespace SupportPlatform.Notification.Application;

/// <summary>
/// Following a case, an RCA or an organisation's P1s. A customer follows only its own
/// organisation's; vendor staff any customer's. What the service has not heard of, or the caller
/// may not see, is NOT_FOUND alike, so a customer learns nothing of other organisations.
/// </summary>
public sealed class Subscriptions(SubscriptionStore store, ResponsibilityDirectory directory, TimeProvider clock)
{
    public const string Case = "CASE";
    public const string Rca = "RCA";
    public const string OrganizationP1s = "ORGANIZATION_P1S";

    public async Task<(SubscriptionStore.Row Subscription, bool Created)> SubscribeAsync(Caller caller, string kind, Guid targetId, CancellationToken cancellationToken)
    {
        var organization = await VisibleOrganizationAsync(caller, kind, targetId, cancellationToken);
        return await store.AddAsync(caller.SubjectId, kind, targetId, caller.MatrixParty, organization, clock.GetUtcNow(), cancellationToken)
            ?? throw new PreconditionException("SUBSCRIPTION_LIMIT", $"person/{caller.SubjectId}",
                $"A person may hold at most {SubscriptionStore.MaxPerPerson} subscriptions; unsubscribe from one first.");
    }

    public Task<bool> UnsubscribeAsync(Caller caller, string kind, Guid targetId, CancellationToken cancellationToken) =>
        store.RemoveAsync(caller.SubjectId, kind, targetId, cancellationToken);

    public Task<IReadOnlyList<SubscriptionStore.Row>> ListAsync(Caller caller, CancellationToken cancellationToken) =>
        store.ListAsync(caller.SubjectId, cancellationToken);

    private async Task<Guid> VisibleOrganizationAsync(Caller caller, string kind, Guid targetId, CancellationToken cancellationToken)
    {
        var resource = kind switch { Case => "case", Rca => "rca", _ => "organization" };
        Guid? organization = kind == OrganizationP1s ? targetId : await store.OrganizationOfAsync(kind, targetId, cancellationToken);
        if (organization is not { } found || (!caller.IsVendor && found != caller.OrganizationId))
        {
            throw new NotFoundException(resource, targetId.ToString());
        }
        if (kind == OrganizationP1s && caller.IsVendor && !await directory.KnowsCustomerAsync(found, cancellationToken))
        {
            throw new NotFoundException(resource, targetId.ToString());
        }
        return found;
    }
}
