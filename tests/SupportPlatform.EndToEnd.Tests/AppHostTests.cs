using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using SupportPlatform.Cases.V1;
using SupportPlatform.Escalation.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Rca.V1;
using SupportPlatform.Tests.Shared;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.EndToEnd.Tests;

/// <summary>
/// The whole stack as a developer runs it: the AppHost with its broker (a private rabbitmq-server
/// here, a container where Docker runs), five services and their SQLite files in a fresh folder.
/// </summary>
public sealed class AppHostTests
{
    private const string Secret = "e2e-bootstrap-secret";
    private static readonly string[] Services = ["identity", "cases", "escalation", "rca", "notification"];

    [Fact]
    public async Task P1Case_IsFollowedFromSubmission_ThroughAcknowledgementAndResolution_ToSla_Rca_AndNotifications()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var data = Path.Combine(Path.GetTempPath(), "sp-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"--Data:Directory={data}", $"--Parameters:bootstrap-admin-secret={Secret}"], timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        foreach (var service in Services)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, timeout.Token);
        }

        var clients = new SupportClients(Secret)
        {
            IdentityChannel = Channel(app, "identity"),
            CasesChannel = Channel(app, "cases"),
            EscalationChannel = Channel(app, "escalation"),
            RcaChannel = Channel(app, "rca"),
            NotificationChannel = Channel(app, "notification"),
        };

        var organization = await clients.CreateCustomerAsync(SupportPlan.PremiumPlus);
        var agent = await clients.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var engineer = await clients.CreateVendorEngineerAsync();

        var trail = await clients.FollowP1IncidentAsync(agent, engineer, TimeSpan.FromSeconds(30));

        Assert.Equal(CaseStatus.Resolved, trail.Resolved.Status);
        Assert.Equal(TimeSpan.FromMinutes(30), trail.Sla.Response.Target.ToTimeSpan());
        Assert.Equal(TargetState.Met, trail.Sla.Response.State);
        Assert.Equal(TargetState.Met, trail.Sla.Resolution.State);
        Assert.Equal(RcaState.Required, trail.Rca.State);
        Assert.Equal(SupportPlatform.Rca.V1.Party.Vendor, trail.Rca.Owner);
        Assert.Equal([trail.Submitted.CaseId], trail.Rca.CaseIds);
        Assert.Equal(P1NotificationTypes, trail.SubmitterNotifications.Select(n => n.EventType).Order());
        Assert.Equal(P1NotificationTypes, trail.QueueNotifications.Select(n => n.EventType).Order());

        await app.StopAsync(CancellationToken.None);
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean from the temp folder.
        }
    }

    private static GrpcChannel Channel(DistributedApplication app, string service) =>
        GrpcChannel.ForAddress(app.GetEndpoint(service, "http"));
}
