using Grpc.Core;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// Registering webhook endpoints on the shared stack, which is not configured for development:
/// only https on public addresses, only for the caller's own organisation, by its admins.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class WebhookEndpointTests(StackFixture fixture)
{
    private readonly ServiceStack stack = fixture.Stack;

    [Fact]
    public async Task RegisteringAnEndpoint_OnAnInternalAddress_OrForAnotherOrganisation_IsRefused_AndChangesNothing()
    {
        var customer = await stack.CreateCustomerAsync();
        var admin = await stack.CreatePersonAsync(customer.OrganizationId, Role.CustomerAdmin);
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var other = await stack.CreateCustomerAsync();

        async Task<RpcException> RefusedAsync(RegisterWebhookEndpointRequest request, SignedIn caller) =>
            await Assert.ThrowsAsync<RpcException>(() => stack.Notifications.RegisterWebhookEndpointAsync(request, Bearer(caller.Token)).ResponseAsync);

        foreach (var url in new[] { "https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://169.254.169.254/latest/meta-data", "https://[::1]/hook",
                     "https://localhost/hook", "http://93.184.215.14/hook", "ftp://93.184.215.14/hook", "https://user:pw@93.184.215.14/hook" })
        {
            var refused = await RefusedAsync(new() { OrganizationId = customer.OrganizationId, Url = url }, admin);
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
            Assert.Equal(["url"], refused.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
        }
        var badType = await RefusedAsync(new() { OrganizationId = customer.OrganizationId, Url = "https://93.184.215.14/hook", EventTypes = { "CaseSubmitted", "Nope" } }, admin);
        Assert.Equal(["event_types[1]"], badType.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(StatusCode.NotFound, (await RefusedAsync(new() { OrganizationId = other.OrganizationId, Url = "https://93.184.215.14/hook" }, admin)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await RefusedAsync(new() { OrganizationId = customer.OrganizationId, Url = "https://93.184.215.14/hook" }, agent)).StatusCode);
        Assert.Empty((await stack.Notifications.ListWebhookEndpointsAsync(new ListWebhookEndpointsRequest { OrganizationId = customer.OrganizationId },
            Bearer(admin.Token))).Endpoints);

        // A public https address is taken (nothing is called until an event comes), listed without its secret, and deleted.
        var registered = await stack.Notifications.RegisterWebhookEndpointAsync(new RegisterWebhookEndpointRequest
        {
            OrganizationId = customer.OrganizationId, Url = "https://93.184.215.14/hook",
        }, Bearer(admin.Token));
        var listed = Assert.Single((await stack.Notifications.ListWebhookEndpointsAsync(new ListWebhookEndpointsRequest { OrganizationId = customer.OrganizationId },
            Bearer(admin.Token))).Endpoints);
        Assert.Equal(registered.Endpoint, listed);

        // Another organisation's admin finds none of it.
        var stranger = await stack.CreatePersonAsync(other.OrganizationId, Role.CustomerAdmin);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => stack.Notifications.ListWebhookEndpointsAsync(
            new ListWebhookEndpointsRequest { OrganizationId = customer.OrganizationId }, Bearer(stranger.Token)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => stack.Notifications.RotateWebhookSecretAsync(
            new RotateWebhookSecretRequest { EndpointId = listed.EndpointId }, Bearer(stranger.Token)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => stack.Notifications.DeleteWebhookEndpointAsync(
            new DeleteWebhookEndpointRequest { EndpointId = listed.EndpointId }, Bearer(stranger.Token)).ResponseAsync)).StatusCode);

        await stack.Notifications.DeleteWebhookEndpointAsync(new DeleteWebhookEndpointRequest { EndpointId = listed.EndpointId }, Bearer(admin.Token));
        Assert.Empty((await stack.Notifications.ListWebhookEndpointsAsync(new ListWebhookEndpointsRequest { OrganizationId = customer.OrganizationId },
            Bearer(admin.Token))).Endpoints);
    }
}
