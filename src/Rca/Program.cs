using MassTransit;
using SupportPlatform.BuildingBlocks;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.Cases.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Rca.Application;
using SupportPlatform.Rca.Domain;
using SupportPlatform.Rca.Grpc;
using SupportPlatform.Rca.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddSupportDatabase("rcadb");
builder.AddSupportGrpc(AccessPolicy.Table);
builder.AddIdentityKeys();
builder.AddResponsibilityDirectory();
builder.AddServiceClient<PeopleService.PeopleServiceClient>(ServiceHostExtensions.IdentityAddress(builder.Configuration));
builder.AddServiceClient<CaseService.CaseServiceClient>(ServiceHostExtensions.CasesAddress(builder.Configuration));
builder.AddSupportMessaging("rca", bus =>
{
    bus.AddConsumer<CaseResolvedConsumer, CaseResolvedConsumerDefinition>();
    bus.AddConsumer<CaseEscalatedConsumer, CaseEscalatedConsumerDefinition>();
    bus.AddConsumer<ContractChangesConsumer, ContractChangesConsumerDefinition>();
    bus.AddEveryReplicaConsumer<MatrixChangedConsumer>();
},
    // Shared queues of an earlier version, before these consumers had a queue per replica.
    retiredQueues: ["rca-matrix-changed"]);
builder.Services.AddOptions<RcaOptions>().BindConfiguration("Rca");
builder.Services.AddSingleton<RcaChanges>();
builder.Services.AddSingleton<RcaCreation>();
builder.Services.AddSingleton<RcaCommands>();
builder.Services.AddSingleton<RcaQueries>();
builder.Services.AddSingleton<CaseLookup>();
builder.Services.AddSingleton<PersonCheck>();
builder.Services.AddSingleton<RcaTimers>();
builder.Services.AddHostedService(services => services.GetRequiredService<RcaTimers>());

var app = builder.Build();

await app.MigrateDatabaseAsync(typeof(Program).Assembly, "rca");

app.MapGrpcService<RcaGrpcService>();
app.MapSupportGrpc();
app.MapDefaultEndpoints();

app.Run();

/// <summary>The entry point, public so tests can host the service.</summary>
public partial class Program;
