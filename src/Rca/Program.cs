using MassTransit;
using SupportPlatform.BuildingBlocks;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.Rca.Data;
using SupportPlatform.Rca.Domain;
using SupportPlatform.Rca.Grpc;
using SupportPlatform.Rca.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddSupportDatabase("rcadb");
builder.AddSupportGrpc(AccessPolicy.Table);
builder.AddIdentityKeys();
builder.AddResponsibilityDirectory();
builder.AddSupportMessaging("rca", bus =>
{
    bus.AddConsumer<CaseResolvedConsumer, CaseResolvedConsumerDefinition>();
    bus.AddEveryReplicaConsumer<MatrixChangedConsumer>();
});
builder.Services.AddSingleton<RcaStore>();
builder.Services.AddOptions<RcaOptions>().BindConfiguration("Rca");

var app = builder.Build();

await app.MigrateDatabaseAsync(typeof(Program).Assembly, "rca");

app.MapGrpcService<RcaGrpcService>();
app.MapSupportGrpc();
app.MapDefaultEndpoints();

app.Run();

/// <summary>The entry point, public so tests can host the service.</summary>
public partial class Program;
