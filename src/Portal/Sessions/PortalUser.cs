using System.Security.Claims;
using Grpc.Core;
using Microsoft.AspNetCore.Components.Authorization;

namespace SupportPlatform.Portal.Sessions;

/// <summary>
/// The signed-in person of the current request or circuit: who they are (from the cookie) and the
/// headers that carry their access token to the services.
/// </summary>
public sealed class PortalUser(AuthenticationStateProvider authentication, PortalSessionStore store, PortalSignIn signIn)
{
    public async Task<ClaimsPrincipal> PrincipalAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    /// <summary>Who is signed in; a <see cref="SessionEndedException"/> when nobody (any more).</summary>
    public async Task<Me> MeAsync()
    {
        var principal = await PrincipalAsync();
        if (store.Find(principal.FindFirst(PortalClaims.SessionKey)?.Value) is not { } session)
        {
            throw new SessionEndedException();
        }
        return new Me(session.PersonId, session.OrganizationId, session.Party == "VENDOR",
            principal.FindFirst(PortalClaims.Name)?.Value ?? "",
            principal.FindAll(PortalClaims.Role).Select(claim => claim.Value).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The authorization header of the person's current access token.</summary>
    public async Task<Metadata> HeadersAsync(CancellationToken cancellationToken = default)
    {
        var principal = await PrincipalAsync();
        var session = store.Find(principal.FindFirst(PortalClaims.SessionKey)?.Value) ?? throw new SessionEndedException();
        return PortalSignIn.Bearer(await signIn.AccessTokenAsync(session, cancellationToken));
    }
}
