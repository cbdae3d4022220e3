// The whole topology on one screen: the broker, five services, each with its own database,
// started in dependency order.
var builder = DistributedApplication.CreateBuilder(args);

var messaging = builder.AddMessageBroker("messaging");

// Lets the first administrator act: the client secret of the identity service's
// 'bootstrap-admin' account (PLATFORM_ADMIN). Override with Parameters__bootstrap-admin-secret.
var bootstrapSecret = builder.AddParameter("bootstrap-admin-secret",
    builder.Configuration["Parameters:bootstrap-admin-secret"] ?? "dev-bootstrap-secret", secret: true);

var identity = builder.AddService<Projects.SupportPlatform_Identity>("identity", "identitydb")
    .WithEnvironment("Identity__Bootstrap__ClientSecret", bootstrapSecret)
    .WithReference(messaging).WaitFor(messaging);

var cases = builder.AddService<Projects.SupportPlatform_Cases>("cases", "casedb")
    .WithReference(identity).WaitFor(identity)
    .WithReference(messaging).WaitFor(messaging);

builder.AddService<Projects.SupportPlatform_Escalation>("escalation", "escalationdb")
    .WithReference(identity).WaitFor(identity)
    .WithReference(messaging).WaitFor(messaging);

var rca = builder.AddService<Projects.SupportPlatform_Rca>("rca", "rcadb")
    .WithReference(identity).WaitFor(identity)
    .WithReference(messaging).WaitFor(messaging);

builder.AddService<Projects.SupportPlatform_Notification>("notification", "notificationdb")
    .WithReference(identity).WaitFor(identity)
    .WithReference(messaging).WaitFor(messaging)
    // Notifications follow case and RCA events; starting after their producers keeps start-up logs in order.
    .WaitFor(cases).WaitFor(rca);

builder.Build().Run();
