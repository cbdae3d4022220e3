using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Identity.Data;
using SupportPlatform.Identity.Application;
using SupportPlatform.Identity.Domain;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Identity.Grpc;

public sealed class TokenGrpcService(IdentityStore store, TokenIssuer issuer, SigningKeys keys, PasswordSignIn passwords, PersonSessions sessions, TimeProvider clock) : TokenService.TokenServiceBase
{
    private const string InvalidCredentials = PasswordSignIn.InvalidCredentials;

    public override async Task<IssueTokenResponse> IssueToken(IssueTokenRequest request, ServerCallContext context)
    {
        switch (request.GrantType)
        {
            case GrantType.ClientCredentials:
                new Violations()
                    .RequireText(request.ClientId, "client_id", 1, 100)
                    .RequireText(request.ClientSecret, "client_secret", 1, 200)
                    .ThrowIfAny();
                return await ForServiceAccountAsync(request.ClientId, request.ClientSecret);
            case GrantType.Password:
                new Violations()
                    .RequireText(request.Username, "username", 1, 320)
                    .RequireText(request.Password, "password", 1, 200)
                    .ThrowIfAny();
                return await ForPersonAsync(request.Username.Trim().ToLowerInvariant(), request.Password, context.CancellationToken);
            case GrantType.RefreshToken:
                new Violations()
                    .RequireText(request.RefreshToken, "refresh_token", 1, 200)
                    .ThrowIfAny();
                return await RefreshAsync(request.RefreshToken, context.CancellationToken);
            default:
                throw new ValidationException([new Google.Rpc.BadRequest.Types.FieldViolation
                {
                    Field = "grant_type",
                    Description = "must be CLIENT_CREDENTIALS, PASSWORD or REFRESH_TOKEN",
                }]);
        }
    }

    public override async Task<RevokeSessionResponse> RevokeSession(RevokeSessionRequest request, ServerCallContext context)
    {
        new Violations()
            .RequireText(request.RefreshToken, "refresh_token", 1, 200)
            .ThrowIfAny();
        await sessions.EndAsync(request.RefreshToken, context.CancellationToken);
        return new RevokeSessionResponse();
    }

    public override async Task<GetJwksResponse> GetJwks(GetJwksRequest request, ServerCallContext context) =>
        new() { JwksJson = await keys.JwksJsonAsync(context.CancellationToken) };

    public override async Task<RotateSigningKeysResponse> RotateSigningKeys(RotateSigningKeysRequest request, ServerCallContext context)
    {
        Access.RequirePlatformAdmin(context.GetCaller());
        var published = await keys.RotateAsync(context.CancellationToken);
        return new RotateSigningKeysResponse
        {
            CurrentKeyId = published.Single(key => key.Status == KeyStatus.Current).KeyId,
            NextKeyId = published.Single(key => key.Status == KeyStatus.Next).KeyId,
            PreviousKeyIds = { published.Where(key => key.Status == KeyStatus.Previous).Select(key => key.KeyId) },
        };
    }

    private async Task<IssueTokenResponse> ForServiceAccountAsync(string clientId, string secret)
    {
        var account = await store.FindServiceAccountAsync(clientId);
        if (account is null || !account.Active || !Secrets.VerifyClientSecret(secret, account.SecretHash))
        {
            throw new AuthenticationException(InvalidCredentials);
        }
        var organization = await store.FindOrganizationAsync(account.OrganizationId)
            ?? throw new AuthenticationException(InvalidCredentials);
        return Response(issuer.Issue(account.Id, organization, account.Roles.Split(','), isService: true));
    }

    private async Task<IssueTokenResponse> ForPersonAsync(string email, string password, CancellationToken cancellationToken)
    {
        var person = await passwords.AuthenticateAsync(email, password);
        var organization = await store.FindOrganizationAsync(person.OrganizationId)
            ?? throw new AuthenticationException(InvalidCredentials);
        var access = issuer.Issue(person.Id, organization, person.RoleSet, isService: false);
        return WithRefresh(Response(access), await sessions.BeginAsync(person.Id, cancellationToken));
    }

    private async Task<IssueTokenResponse> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var refreshed = await sessions.RefreshAsync(refreshToken, cancellationToken);
        // The access token carries the person's roles as they are now, not as at sign-in.
        var person = await store.FindPersonAsync(refreshed.Session.PersonId);
        var organization = person is { Active: true } ? await store.FindOrganizationAsync(person.OrganizationId) : null;
        if (person is null || organization is null || !person.Active)
        {
            await sessions.RevokeAsync(refreshed.Session.Id, SessionRevocations.Deactivated, cancellationToken);
            throw new AuthenticationException(PersonSessions.SessionEnded);
        }
        return WithRefresh(Response(issuer.Issue(person.Id, organization, person.RoleSet, isService: false)), refreshed);
    }

    private IssueTokenResponse WithRefresh(IssueTokenResponse response, IssuedRefreshToken refresh)
    {
        response.RefreshToken = refresh.RefreshToken;
        response.RefreshExpiresInSeconds = (int)Math.Max(0, (refresh.ExpiresAt - clock.GetUtcNow()).TotalSeconds);
        response.SessionId = refresh.Session.Id.ToString();
        response.SessionExpiresAt = Timestamp.FromDateTimeOffset(refresh.Session.ExpiresAt);
        return response;
    }

    private static IssueTokenResponse Response((string Token, TimeSpan Lifetime) issued) => new()
    {
        AccessToken = issued.Token,
        TokenType = "Bearer",
        ExpiresInSeconds = (int)issued.Lifetime.TotalSeconds,
    };
}
