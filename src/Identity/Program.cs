using SupportPlatform.BuildingBlocks;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Identity.Data;
using SupportPlatform.Identity.Application;
using SupportPlatform.Identity.Domain;
using SupportPlatform.Identity.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddSupportDatabase("identitydb");
builder.AddSupportGrpc(AccessPolicy.Table);
builder.AddSupportMessaging("identity");
builder.Services.AddSingleton<IdentityStore>();
builder.Services.AddSingleton<MatrixStore>();
builder.Services.AddSingleton<ReadinessMonitor>();
builder.Services.AddHostedService<ReadinessSweep>();
builder.Services.AddOptions<ReadinessSweepOptions>().BindConfiguration("Identity:Readiness");
builder.Services.AddSingleton<SigningKeys>();
builder.Services.AddSingleton<ISigningKeySource>(services => services.GetRequiredService<SigningKeys>());
builder.Services.AddSingleton<TokenIssuer>();
builder.Services.AddSingleton<PasswordSignIn>();
builder.Services.AddSingleton<PersonSessions>();
builder.Services.AddHostedService<SigningKeyMaintenance>();
builder.Services.AddSingleton<Bootstrap>();
builder.Services.AddOptions<TokenOptions>().BindConfiguration("Identity:Tokens");
builder.Services.AddOptions<InvitationOptions>().BindConfiguration("Identity:Invitations");
builder.Services.AddOptions<LockoutOptions>().BindConfiguration("Identity:Lockout");
builder.Services.AddOptions<BootstrapOptions>().BindConfiguration("Identity:Bootstrap");

var app = builder.Build();

await app.MigrateDatabaseAsync(typeof(Program).Assembly, "identity");
await app.Services.GetRequiredService<Bootstrap>().RunAsync();

app.MapGrpcService<OrganizationGrpcService>();
app.MapGrpcService<PeopleGrpcService>();
app.MapGrpcService<TokenGrpcService>();
app.MapGrpcService<ResponsibilityGrpcService>();
app.MapSupportGrpc();
app.MapDefaultEndpoints();

app.Run();

/// <summary>The entry point, public so tests can host the service.</summary>
public partial class Program;
