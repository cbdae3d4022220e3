using MassTransit;
using SupportPlatform.BuildingBlocks;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.Application;
using SupportPlatform.Notification.Channels;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.Grpc;
using SupportPlatform.Notification.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddSupportDatabase("notificationdb");
builder.AddSupportGrpc(AccessPolicy.Table);
builder.AddIdentityKeys();
builder.AddResponsibilityDirectory();
builder.AddSupportMessaging("notification", bus =>
{
    bus.AddEveryReplicaConsumer<MatrixChangedConsumer>();
    bus.AddEveryReplicaConsumer<PeopleChangedConsumer>();
    bus.AddConsumer<CaseEventsConsumer, CaseEventsConsumerDefinition>();
    bus.AddConsumer<RcaEventsConsumer, RcaEventsConsumerDefinition>();
    bus.AddConsumer<ReadinessEventsConsumer, ReadinessEventsConsumerDefinition>();
    bus.AddConsumer<InvitationConsumer, InvitationConsumerDefinition>();
    bus.AddConsumer<EscalationEventsConsumer, EscalationEventsConsumerDefinition>();
});
builder.Services.AddSingleton<NotificationStore>();
builder.Services.AddSingleton<SubscriptionStore>();
builder.Services.AddSingleton<PreferenceStore>();
builder.Services.AddSingleton<NotificationTemplates>();
builder.Services.AddSingleton<Subscriptions>();
builder.Services.AddSingleton<Notifier>();
builder.AddServiceClient<PeopleService.PeopleServiceClient>(ServiceHostExtensions.IdentityAddress(builder.Configuration));
builder.AddServiceClient<OrganizationService.OrganizationServiceClient>(ServiceHostExtensions.IdentityAddress(builder.Configuration));
builder.Services.AddOptions<EmailOptions>().BindConfiguration("Notification:Email");
builder.Services.AddOptions<DeliveryOptions>().BindConfiguration("Notification:Delivery");
builder.Services.AddOptions<SmsOptions>().BindConfiguration("Notification:Sms");
builder.Services.AddSingleton<ISmsProvider, LogSmsProvider>();
builder.Services.AddOptions<WebhookOptions>().BindConfiguration("Notification:Webhooks");
builder.Services.AddSingleton<WebhookStore>();
builder.Services.AddSingleton<WebhookSender>();
builder.Services.AddSingleton<WebhookEndpoints>();

builder.Services.AddSingleton<DeliveryStore>();
builder.Services.AddSingleton<DeliverySignal>();
builder.Services.AddSingleton<NotificationSignal>();
builder.Services.AddSingleton<PersonDirectory>();
builder.Services.AddSingleton<MailSender>();
builder.Services.AddHostedService<DeliveryWorker>();

var app = builder.Build();

await app.MigrateDatabaseAsync(typeof(Program).Assembly, "notification");

app.MapGrpcService<NotificationGrpcService>();
app.MapSupportGrpc();
app.MapDefaultEndpoints();

app.Run();

/// <summary>The entry point, public so tests can host the service.</summary>
public partial class Program;
