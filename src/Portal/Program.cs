using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.FluentUI.AspNetCore.Components;
using SupportPlatform.BuildingBlocks;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Cases.V1;
using SupportPlatform.Escalation.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Portal.Api;
using SupportPlatform.Portal.Components;
using SupportPlatform.Portal.Sessions;
using SupportPlatform.Rca.V1;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddHttpClient();
builder.Services.AddFluentUIComponents();

// The browser holds only an encrypted, HttpOnly, SameSite cookie naming a server-side session;
// the access and refresh tokens stay in this process (PortalSessionStore).
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(options =>
    {
        options.Cookie.Name = "SupportPortal";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.LoginPath = "/signin";
        options.ExpireTimeSpan = TimeSpan.FromHours(12);
        options.Events.OnValidatePrincipal = context =>
        {
            var store = context.HttpContext.RequestServices.GetRequiredService<PortalSessionStore>();
            if (store.Find(context.Principal?.FindFirst(PortalClaims.SessionKey)?.Value) is null)
            {
                context.RejectPrincipal();
                return context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            }
            return Task.CompletedTask;
        };
    });
builder.Services.AddAuthorization();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddScoped<AuthenticationStateProvider, PortalAuthenticationStateProvider>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<PortalSessionStore>();
builder.Services.AddSingleton<PortalSignIn>();
builder.Services.AddScoped<PortalUser>();

var identity = ServiceHostExtensions.IdentityAddress(builder.Configuration);
var cases = ServiceHostExtensions.CasesAddress(builder.Configuration);
var escalation = ServiceHostExtensions.EscalationAddress(builder.Configuration);
builder.AddServiceClient<TokenService.TokenServiceClient>(identity);
builder.AddServiceClient<PeopleService.PeopleServiceClient>(identity);
builder.AddServiceClient<OrganizationService.OrganizationServiceClient>(identity);
builder.AddServiceClient<CaseService.CaseServiceClient>(cases);
builder.AddServiceClient<AccessService.AccessServiceClient>(cases);
builder.AddServiceClient<SlaService.SlaServiceClient>(escalation);
builder.AddServiceClient<EscalationService.EscalationServiceClient>(escalation);
builder.AddServiceClient<OnCallService.OnCallServiceClient>(escalation);
builder.AddServiceClient<PagingService.PagingServiceClient>(escalation);
builder.AddServiceClient<NotificationService.NotificationServiceClient>(ServiceHostExtensions.NotificationAddress(builder.Configuration));
builder.AddServiceClient<RcaService.RcaServiceClient>(ServiceHostExtensions.RcaAddress(builder.Configuration));
builder.Services.AddScoped<Services>();
// Streams (WatchCases, WatchNotifications) run as long as a page is open: no default deadline.
builder.Services.AddGrpcClient<CaseService.CaseServiceClient>(LiveFeeds.CaseStream, options => options.Address = cases);
builder.Services.AddGrpcClient<NotificationService.NotificationServiceClient>(LiveFeeds.NotificationStream,
    options => options.Address = ServiceHostExtensions.NotificationAddress(builder.Configuration));
builder.Services.AddSingleton<LiveFeeds>();
builder.Services.AddScoped<Inbox>();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapDefaultEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

// Sign-out is a form post (with its antiforgery token), never a link a third party could trigger.
app.MapPost("/signout", async (HttpContext context, IAntiforgery antiforgery, PortalSignIn signIn) =>
{
    if (!await antiforgery.IsRequestValidAsync(context))
    {
        return Results.BadRequest();
    }
    await signIn.SignOutAsync(context.User.FindFirst(PortalClaims.SessionKey)?.Value, context.RequestAborted);
    await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    return Results.Redirect("/signin");
}).DisableAntiforgery();

app.Run();

/// <summary>The portal's entry point (visible to the tests).</summary>
public partial class Program;
