using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace SupportPlatform.Portal.Sessions;

/// <summary>
/// Checks every 30 seconds that an open page's session still exists (not signed out elsewhere, not
/// expired); when it is gone the page loses its principal and sends the person to sign in.
/// </summary>
public sealed class PortalAuthenticationStateProvider(ILoggerFactory loggerFactory, PortalSessionStore store)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        Task.FromResult(store.Find(authenticationState.User.FindFirst(PortalClaims.SessionKey)?.Value) is not null);
}
