using MassTransit;
using SupportPlatform.BuildingBlocks;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Escalation.Application;
using SupportPlatform.Escalation.Grpc;
using SupportPlatform.Escalation.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddSupportDatabase("escalationdb");
builder.AddSupportGrpc(AccessPolicy.Table);
builder.AddIdentityKeys();
builder.AddSupportMessaging("escalation", bus =>
{
    bus.AddConsumer<CaseEventsConsumer, CaseEventsConsumerDefinition>();
    bus.AddConsumer<ContractChangesConsumer, ContractChangesConsumerDefinition>();
},
    // Merged into CaseEventsConsumer: one queue, inbox record and transaction per case event.
    retiredQueues: ["escalation-p1-submission", "escalation-p1-paging"]);
builder.Services.AddSingleton<ClockKeeper>();
builder.Services.AddSingleton<CaseEscalations>();
builder.Services.AddOptions<EscalationOptions>().BindConfiguration("Escalation");
builder.Services.AddSingleton<Hotline>();
builder.Services.AddOptions<HotlineOptions>().BindConfiguration("Hotline");
builder.Services.AddSingleton<HotlineWatch>();
builder.Services.AddHostedService(services => services.GetRequiredService<HotlineWatch>());
builder.Services.AddOptions<SlaTimerOptions>().BindConfiguration("SlaTimers");
builder.Services.AddSingleton<SlaTimers>();
builder.Services.AddHostedService(services => services.GetRequiredService<SlaTimers>());
builder.Services.AddOptions<OnCallOptions>().BindConfiguration("OnCall");
builder.Services.AddSingleton<Paging>();
builder.Services.AddSingleton<P1Effects>();
builder.Services.AddOptions<PageTimerOptions>().BindConfiguration("PageTimers");
builder.Services.AddSingleton<PageTimers>();
builder.Services.AddHostedService(services => services.GetRequiredService<PageTimers>());

var app = builder.Build();

await app.MigrateDatabaseAsync(typeof(Program).Assembly, "escalation");
await app.Services.GetRequiredService<Paging>().RequireP1PolicyAsync(app.Services.GetRequiredService<Database>(), CancellationToken.None);

app.MapGrpcService<SlaGrpcService>();
app.MapGrpcService<SlaPolicyGrpcService>();
app.MapGrpcService<EscalationGrpcService>();
app.MapGrpcService<OnCallGrpcService>();
app.MapGrpcService<EscalationPolicyGrpcService>();
app.MapGrpcService<PagingGrpcService>();
app.MapSupportGrpc();
app.MapDefaultEndpoints();

app.Run();

/// <summary>The entry point, public so tests can host the service.</summary>
public partial class Program;
