using MassTransit;
using SupportPlatform.BuildingBlocks;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Cases.Application;
using SupportPlatform.Cases.Grpc;
using SupportPlatform.Cases.Messaging;
using SupportPlatform.Escalation.V1;
using SupportPlatform.Identity.V1;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddSupportDatabase("casedb");
builder.AddSupportGrpc(AccessPolicy.Table);
builder.AddIdentityKeys();
builder.AddResponsibilityDirectory();
builder.AddSupportMessaging("cases", bus =>
{
    bus.AddEveryReplicaConsumer<MatrixChangedConsumer>();
    bus.AddEveryReplicaConsumer<IdentityChangesConsumer>();
    bus.AddConsumer<CaseEscalatedConsumer, CaseEscalatedConsumerDefinition>();
},
    // Shared queues of an earlier version, before these consumers had a queue per replica.
    retiredQueues: ["cases-matrix-changed", "cases-identity-changes"]);
builder.AddServiceClient<PeopleService.PeopleServiceClient>(ServiceHostExtensions.IdentityAddress(builder.Configuration));
builder.AddServiceClient<SlaService.SlaServiceClient>(ServiceHostExtensions.EscalationAddress(builder.Configuration));
builder.Services.AddSingleton<CaseSubmission>();
builder.Services.AddSingleton<CaseTransitions>();
builder.Services.AddSingleton<CaseReadCache>();
builder.Services.AddSingleton<CaseQueries>();
builder.Services.AddSingleton<SubmitterDirectory>();
builder.Services.AddSingleton<AccessCommands>();
builder.Services.AddSingleton<CaseChangeSignal>();
builder.Services.AddSingleton<EscalationRecorder>();
builder.Services.AddSingleton<SubmissionNotices>();
builder.Services.AddOptions<SupportLineOptions>().BindConfiguration("Support");
builder.Services.AddOptions<CaseOptions>().BindConfiguration("Cases");
builder.Services.AddHostedService<CaseAutoCloser>();

var app = builder.Build();

await app.MigrateDatabaseAsync(typeof(Program).Assembly, "cases");

app.MapGrpcService<CaseGrpcService>();
app.MapGrpcService<AccessGrpcService>();
app.MapSupportGrpc();
app.MapDefaultEndpoints();

app.Run();

/// <summary>The entry point, public so tests can host the service.</summary>
public partial class Program;
