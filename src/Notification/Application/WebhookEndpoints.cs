using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Notification.Channels;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Application;

/// <summary>
/// An organisation's webhook endpoints: registered, rotated and deleted by its customer admins
/// (or platform administrators), each URL checked to be https on a public address unless the
/// service is configured for development. Another organisation's endpoint is NOT_FOUND.
/// </summary>
public sealed class WebhookEndpoints(WebhookStore store, DeliveryStore deliveries, DeliverySignal signal, ResponsibilityDirectory directory,
    IOptions<WebhookOptions> options, TimeProvider clock)
{
    /// <summary>How many endpoints one organisation may have: each event is posted to each, one after another.</summary>
    public const int MaxPerOrganization = 10;

    /// <summary>The longest overlap of two secrets: a week.</summary>
    public const int MaxOverlapMinutes = 7 * 24 * 60;

    public async Task<(WebhookEndpointRow Endpoint, string Secret)> RegisterAsync(Caller caller, string organizationId, string url,
        IReadOnlyList<string> eventTypes, string description, CancellationToken cancellationToken)
    {
        var violations = new Violations()
            .RequireId(organizationId, "organization_id", out var organization)
            .Require(description.Length <= 500, "description", "must be at most 500 characters");
        for (var index = 0; index < eventTypes.Count; index++)
        {
            violations.Require(IntegrationEvents.Find(eventTypes[index]) is not null, $"event_types[{index}]", "must be the name of one of the platform's events, e.g. CaseSubmitted");
        }
        violations.ThrowIfAny();
        // Who may register comes first: the URL check resolves host names, which nobody else may probe.
        await RequireOrganizationAsync(caller, organization, cancellationToken);
        var target = await CheckUrlAsync(url, violations, cancellationToken);
        violations.ThrowIfAny();
        if ((await store.OfOrganizationAsync(organization, cancellationToken)).Count >= MaxPerOrganization)
        {
            throw new PreconditionException("WEBHOOK_ENDPOINT_LIMIT", $"organizations/{organization}",
                $"An organisation may have at most {MaxPerOrganization} webhook endpoints; delete one first.");
        }

        var endpoint = new WebhookEndpointRow
        {
            Id = Guid.NewGuid(), OrganizationId = organization, Url = target!.ToString(), EventTypes = string.Join(',', eventTypes.Distinct()),
            Description = description, Secret = WebhookSignature.NewSecret(), State = WebhookStore.Active, CreatedBy = caller.SubjectId,
            CreatedAt = clock.GetUtcNow(),
        };
        await store.AddAsync(endpoint, cancellationToken);
        return (endpoint, endpoint.Secret);
    }

    public async Task<IReadOnlyList<WebhookEndpointRow>> ListAsync(Caller caller, string organizationId, CancellationToken cancellationToken)
    {
        new Violations().RequireId(organizationId, "organization_id", out var organization).ThrowIfAny();
        await RequireOrganizationAsync(caller, organization, cancellationToken);
        return await store.OfOrganizationAsync(organization, cancellationToken);
    }

    public async Task<(WebhookEndpointRow Endpoint, string Secret)> RotateAsync(Caller caller, string endpointId, int overlapMinutes, CancellationToken cancellationToken)
    {
        new Violations()
            .RequireId(endpointId, "endpoint_id", out var id)
            .Require(overlapMinutes is >= 0 and <= MaxOverlapMinutes, "overlap_minutes", $"must be 0-{MaxOverlapMinutes}")
            .ThrowIfAny();
        await VisibleAsync(caller, id, cancellationToken);
        var secret = WebhookSignature.NewSecret();
        await store.RotateAsync(id, secret, clock.GetUtcNow().AddMinutes(overlapMinutes == 0 ? 24 * 60 : overlapMinutes), cancellationToken);
        return ((await store.FindAsync(id, cancellationToken))!, secret);
    }

    public async Task DeleteAsync(Caller caller, string endpointId, CancellationToken cancellationToken)
    {
        new Violations().RequireId(endpointId, "endpoint_id", out var id).ThrowIfAny();
        await VisibleAsync(caller, id, cancellationToken);
        await store.DeleteAsync(id, cancellationToken);
    }

    /// <summary>
    /// Sends a finished delivery once more. Vendor staff may replay any; a customer admin the
    /// webhook deliveries of its organisation's endpoints; anything else is NOT_FOUND.
    /// </summary>
    public async Task<DeliveryRow> ReplayAsync(Caller caller, string deliveryId, CancellationToken cancellationToken)
    {
        new Violations().RequireId(deliveryId, "delivery_id", out var id).ThrowIfAny();
        var found = await deliveries.GetAsync(id, cancellationToken);
        if (found is not { } delivery || !(SeesAllDeliveries(caller) || await IsOrganizationsEndpointAsync(delivery.Delivery, caller, cancellationToken)))
        {
            throw new NotFoundException("delivery", deliveryId);
        }
        if (!await deliveries.ReplayAsync(id, clock.GetUtcNow(), cancellationToken))
        {
            throw new PreconditionException("DELIVERY_PENDING", $"deliveries/{deliveryId}", "The delivery is still pending: it is being tried already.");
        }
        signal.Notify();
        return (await deliveries.GetAsync(id, cancellationToken))!.Value.Delivery;
    }

    /// <summary>Vendor staff follow every delivery (to find what was dead-lettered); services do not.</summary>
    public static bool SeesAllDeliveries(Caller caller) => caller.IsVendor && !caller.IsServiceAccount;

    /// <summary>Whether the delivery is to a webhook endpoint of the organisation the caller is a customer admin of.</summary>
    public async Task<bool> IsOrganizationsEndpointAsync(DeliveryRow delivery, Caller caller, CancellationToken cancellationToken) =>
        delivery.RecipientKind == ChannelRules.WebhookEndpoint && caller.HasRole(Roles.CustomerAdmin)
        && await store.FindAsync(Guid.Parse(delivery.RecipientId), cancellationToken) is { } endpoint
        && endpoint.OrganizationId == caller.OrganizationId;

    private async Task<WebhookEndpointRow> VisibleAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var endpoint = await store.FindAsync(id, cancellationToken);
        return endpoint is not null && (caller.HasRole(Roles.PlatformAdmin) || endpoint.OrganizationId == caller.OrganizationId)
            ? endpoint
            : throw new NotFoundException("webhook endpoint", id.ToString());
    }

    /// <summary>A customer admin acts for its own organisation; a platform administrator for any customer identity knows.</summary>
    private async Task RequireOrganizationAsync(Caller caller, Guid organization, CancellationToken cancellationToken)
    {
        var mayAct = caller.HasRole(Roles.PlatformAdmin)
            ? await directory.KnowsCustomerAsync(organization, cancellationToken)
            : organization == caller.OrganizationId;
        if (!mayAct)
        {
            throw new NotFoundException("organization", organization.ToString());
        }
    }

    /// <summary>The URL if it is an absolute https URL to a public address (or, in development, any http(s) URL); violations otherwise.</summary>
    private async Task<Uri?> CheckUrlAsync(string url, Violations violations, CancellationToken cancellationToken)
    {
        var development = options.Value.AllowPrivateAddresses;
        if (url.Length is 0 or > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var target) || target.ToString().Length > 2000
            || (target.Scheme != Uri.UriSchemeHttps && !(development && target.Scheme == Uri.UriSchemeHttp)) || target.UserInfo.Length > 0)
        {
            violations.Add("url", development ? "must be an absolute http(s) URL without credentials, at most 2000 characters"
                : "must be an absolute https URL without credentials, at most 2000 characters");
            return null;
        }
        if (development)
        {
            return target;
        }
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(target.DnsSafeHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(target.DnsSafeHost, cancellationToken);
        }
        catch (Exception exception) when (exception is SocketException or ArgumentException)
        {
            addresses = [];
        }
        // One answer for a host that does not resolve and one that resolves inward: registration
        // must not tell what names exist inside the platform's network.
        if (addresses.Length == 0 || !addresses.All(NetworkAddresses.IsPublic))
        {
            violations.Add("url", "must be on a public address that resolves: loopback, private, link-local and other internal addresses are refused");
            return null;
        }
        return target;
    }
}
