using Grpc.Core;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Identity.Data;
using SupportPlatform.Identity.Application;
using SupportPlatform.Identity.Domain;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Identity.Grpc;

public sealed class TokenGrpcService(IdentityStore store, TokenIssuer issuer, SigningKeys keys, PasswordSignIn passwords) : TokenService.TokenServiceBase
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
                return await ForPersonAsync(request.Username.Trim().ToLowerInvariant(), request.Password);
            default:
                throw new ValidationException([new Google.Rpc.BadRequest.Types.FieldViolation
                {
                    Field = "grant_type",
                    Description = "must be CLIENT_CREDENTIALS or PASSWORD",
                }]);
        }
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

    private async Task<IssueTokenResponse> ForPersonAsync(string email, string password)
    {
        var person = await passwords.AuthenticateAsync(email, password);
        var organization = await store.FindOrganizationAsync(person.OrganizationId)
            ?? throw new AuthenticationException(InvalidCredentials);
        return Response(issuer.Issue(person.Id, organization, person.RoleSet, isService: false));
    }

    private static IssueTokenResponse Response((string Token, TimeSpan Lifetime) issued) => new()
    {
        AccessToken = issued.Token,
        TokenType = "Bearer",
        ExpiresInSeconds = (int)issued.Lifetime.TotalSeconds,
    };
}
