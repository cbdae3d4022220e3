// The whole topology on one screen: the broker, a development mail server, five services, each
// with its own database, started in dependency order, and the support portal on top of them.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var builder = DistributedApplication.CreateBuilder(args);

// The AppHost's health checks are the readiness probes behind WaitFor: each fails, by design,
// until its resource has started, and the health check service logs every failure at Error. The
// dashboard shows each resource's health, so these start-up failures are not logged.
builder.Services.AddLogging(logging => logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical));

var messaging = builder.AddMessageBroker("messaging");

// A development mail server (smtp4dev) that catches every e-mail the platform sends; its inbox is
// linked on the dashboard. Production points Notification__Email__Host at a real SMTP server.
var mail = builder.AddMailServer("mail");

// Lets the first administrator act: the client secret of the identity service's
// 'bootstrap-admin' account (PLATFORM_ADMIN). Override with Parameters__bootstrap-admin-secret.
var bootstrapSecret = builder.AddParameter("bootstrap-admin-secret",
    builder.Configuration["Parameters:bootstrap-admin-secret"] ?? "dev-bootstrap-secret", secret: true);

// The master secret of the platform services' own accounts (svc-cases, …): identity derives each
// account's secret from it, and each service is given only its own. Override with
// Parameters__internal-services-secret.
var internalSecret = builder.Configuration["Parameters:internal-services-secret"] ?? "dev-internal-services-secret";

var identity = builder.AddService<Projects.SupportPlatform_Identity>("identity", "identitydb", jsonPort: 5201)
    .WithEnvironment("Identity__Bootstrap__ClientSecret", bootstrapSecret)
    .WithEnvironment("Identity__Bootstrap__InternalServicesSecret", internalSecret)
    .WithReference(messaging).WaitFor(messaging);

var escalation = builder.AddService<Projects.SupportPlatform_Escalation>("escalation", "escalationdb", jsonPort: 5203)
    .WithServiceCredentials(internalSecret)
    .WithReference(identity).WaitFor(identity)
    .WithReference(messaging).WaitFor(messaging);

// Cases asks escalation when a P1's clock starts; a submission never waits for it to be up.
var cases = builder.AddService<Projects.SupportPlatform_Cases>("cases", "casedb", jsonPort: 5202)
    .WithServiceCredentials(internalSecret)
    .WithReference(identity).WaitFor(identity)
    .WithReference(escalation)
    .WithReference(messaging).WaitFor(messaging);

// RCA reads a case it links with the caller's token (the case service decides what the caller may see).
var rca = builder.AddService<Projects.SupportPlatform_Rca>("rca", "rcadb", jsonPort: 5204)
    .WithServiceCredentials(internalSecret)
    .WithReference(identity).WaitFor(identity)
    .WithReference(cases)
    .WithReference(messaging).WaitFor(messaging);

var notification = builder.AddService<Projects.SupportPlatform_Notification>("notification", "notificationdb", jsonPort: 5205)
    .WithServiceCredentials(internalSecret)
    .WithReference(identity).WaitFor(identity)
    .WithReference(messaging).WaitFor(messaging)
    .WithMailServer(mail).WaitFor(mail)
    .WithEnvironment("Notification__Email__QueueAddress", "support-queue@vendor.example")
    // Development only (running the AppHost, not publishing from it): webhook endpoints may be on
    // this machine. Production refuses internal addresses.
    .WithEnvironment("Notification__Webhooks__AllowPrivateAddresses", builder.ExecutionContext.IsRunMode ? "true" : "false")
    // The development SMS provider appends each text message to this file (one JSON line each).
    .WithEnvironment("Notification__Sms__SinkPath", Path.Combine(builder.Configuration["Data:Directory"]
        ?? Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".data")), "sms-outbox.jsonl"))
    // Notifications follow case and RCA events; starting after their producers keeps start-up logs in order.
    .WaitFor(cases).WaitFor(rca);

// The support portal (a browser's way in): no database of its own; it calls the services with the
// signed-in person's token.
var portal = builder.AddProject<Projects.SupportPlatform_Portal>("portal")
    .WithReference(identity).WaitFor(identity)
    .WithReference(cases).WaitFor(cases)
    .WithReference(escalation).WaitFor(escalation)
    .WithReference(rca).WaitFor(rca)
    .WithReference(notification).WaitFor(notification)
    .WithHttpHealthCheck("/health")
    .WithUrlForEndpoint("http", url => url.DisplayText = "Support portal");

// Links in e-mails (a case, an RCA, an invitation to set a password) point into the portal.
notification.WithEnvironment("Notification__Email__PortalUrl", portal.GetEndpoint("http"));

builder.Build().Run();
