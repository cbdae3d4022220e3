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

        var submitted = (await clients.Cases.SubmitCaseAsync(ValidCase(Priority.P1), Bearer(agent.Token))).Case;
        var acknowledged = (await clients.Cases.AcknowledgeCaseAsync(
            new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version }, Bearer(engineer.Token))).Case;
        var resolved = (await clients.Cases.ResolveCaseAsync(new ResolveCaseRequest
        {
            CaseId = submitted.CaseId,
            Version = acknowledged.Version,
            ResolutionSummary = "Media relay timeout corrected in the tenant.",
            Cause = CauseAttribution.VendorComponent,
        }, Bearer(engineer.Token))).Case;
        Assert.Equal(CaseStatus.Resolved, resolved.Status);

        CaseSla? sla = null;
        await WaitUntilAsync(async () =>
        {
            try
            {
                sla = (await clients.Slas.GetCaseSlaAsync(new GetCaseSlaRequest { CaseId = submitted.CaseId }, Bearer(agent.Token))).Sla;
                return sla.Resolution.ReachedAt is not null;
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "the SLA record shows the resolution");
        Assert.Equal(TimeSpan.FromMinutes(30), sla!.Response.Target.ToTimeSpan());
        Assert.Equal(TargetState.Met, sla.Response.State);
        Assert.Equal(TargetState.Met, sla.Resolution.State);

        SupportPlatform.Rca.V1.Rca? rca = null;
        await WaitUntilAsync(async () =>
        {
            var list = await clients.Rcas.ListRcasAsync(new ListRcasRequest { CaseId = submitted.CaseId }, Bearer(agent.Token));
            rca = list.Rcas.SingleOrDefault();
            return rca is not null;
        }, TimeSpan.FromSeconds(30), "the RCA exists");
        Assert.Equal(RcaState.Required, rca!.State);
        Assert.Equal(Party.Vendor, rca.Owner);

        string[] expected = ["CaseAcknowledged", "CaseResolved", "CaseSubmitted", "RcaRequired"];
        await WaitUntilAsync(async () =>
        {
            var mine = await clients.Notifications.ListNotificationsAsync(new ListNotificationsRequest { CaseId = submitted.CaseId }, Bearer(agent.Token));
            return mine.Notifications.Count >= expected.Length;
        }, TimeSpan.FromSeconds(30), "the submitter has four notifications");
        var notifications = await clients.Notifications.ListNotificationsAsync(new ListNotificationsRequest { CaseId = submitted.CaseId }, Bearer(agent.Token));
        Assert.Equal(expected, notifications.Notifications.Select(n => n.EventType).Order());
        var queue = await clients.Notifications.ListNotificationsAsync(new ListNotificationsRequest { CaseId = submitted.CaseId }, Bearer(engineer.Token));
        Assert.Equal(expected, queue.Notifications.Where(n => n.RecipientKind == RecipientKind.VendorSupportQueue).Select(n => n.EventType).Order());

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
