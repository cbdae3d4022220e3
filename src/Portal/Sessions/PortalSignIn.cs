using System.Security.Claims;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.IdentityModel.JsonWebTokens;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Portal.Sessions;

/// <summary>
/// Signs people in and out through the identity service and keeps their access token fresh with
/// the session's rotating refresh token (a minute before it expires).
/// </summary>
public sealed class PortalSignIn(
    TokenService.TokenServiceClient tokens,
    PeopleService.PeopleServiceClient people,
    PortalSessionStore store,
    TimeProvider clock,
    ILogger<PortalSignIn> logger)
{
    private static readonly TimeSpan RefreshAhead = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Signs in with e-mail and password; the principal for the cookie. A refusal is the identity
    /// service's <see cref="RpcException"/> (UNAUTHENTICATED, with its message).
    /// </summary>
    public async Task<ClaimsPrincipal> SignInAsync(string email, string password, CancellationToken cancellationToken)
    {
        var issued = await tokens.IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.Password, Username = email, Password = password },
            cancellationToken: cancellationToken);
        var token = new JsonWebToken(issued.AccessToken);
        var session = new PortalSession
        {
            Key = PortalSessionStore.NewKey(),
            PersonId = token.GetClaim(PortalClaims.PersonId).Value,
            OrganizationId = token.GetClaim(PortalClaims.OrganizationId).Value,
            Party = SupportClaims.PartyOf(token.GetClaim(PortalClaims.Party).Value),
            IdentitySessionId = issued.SessionId,
            ExpiresAt = issued.SessionExpiresAt.ToDateTimeOffset(),
        };
        Apply(session, issued);
        var person = (await people.GetPersonAsync(new GetPersonRequest { PersonId = session.PersonId }, Bearer(session.AccessToken),
            cancellationToken: cancellationToken)).Person;
        store.Add(session);
        List<Claim> claims =
        [
            new(PortalClaims.SessionKey, session.Key),
            new(PortalClaims.PersonId, session.PersonId),
            new(PortalClaims.OrganizationId, session.OrganizationId),
            new(PortalClaims.Party, session.Party),
            new(PortalClaims.Name, person.DisplayName),
            .. token.Claims.Where(claim => claim.Type == PortalClaims.Role).Select(claim => new Claim(PortalClaims.Role, SupportClaims.RoleOf(claim.Value))),
        ];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, PortalClaims.Name, PortalClaims.Role));
    }

    /// <summary>Ends the session here and at identity (its refresh tokens stop working).</summary>
    public async Task SignOutAsync(string? key, CancellationToken cancellationToken)
    {
        if (store.Remove(key) is not { } session)
        {
            return;
        }
        try
        {
            await tokens.RevokeSessionAsync(new RevokeSessionRequest { RefreshToken = session.RefreshToken }, cancellationToken: cancellationToken);
        }
        catch (RpcException exception)
        {
            // The portal's session is gone either way; identity's ends by itself at its idle timeout.
            logger.LogWarning("Identity did not end session {SessionId} at sign-out: {Status}", session.IdentitySessionId, exception.StatusCode);
        }
    }

    /// <summary>A valid access token of the session, refreshed when it is about to expire.</summary>
    public async Task<string> AccessTokenAsync(PortalSession session, CancellationToken cancellationToken)
    {
        if (session.AccessTokenExpiresAt - clock.GetUtcNow() > RefreshAhead)
        {
            return session.AccessToken;
        }
        await session.RefreshGate.WaitAsync(cancellationToken);
        try
        {
            if (session.AccessTokenExpiresAt - clock.GetUtcNow() > RefreshAhead)
            {
                return session.AccessToken;
            }
            var refreshed = await tokens.IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.RefreshToken, RefreshToken = session.RefreshToken },
                cancellationToken: cancellationToken);
            Apply(session, refreshed);
            return session.AccessToken;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.Unauthenticated)
        {
            store.Remove(session.Key);
            throw new SessionEndedException();
        }
        finally
        {
            session.RefreshGate.Release();
        }
    }

    public static Metadata Bearer(string accessToken) => new() { { "authorization", "Bearer " + accessToken } };

    private void Apply(PortalSession session, IssueTokenResponse issued)
    {
        session.AccessToken = issued.AccessToken;
        session.AccessTokenExpiresAt = clock.GetUtcNow().AddSeconds(issued.ExpiresInSeconds);
        session.RefreshToken = issued.RefreshToken;
    }
}
