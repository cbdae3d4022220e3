using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Identity.Domain;

namespace SupportPlatform.Identity.Application;

/// <summary>Signs access tokens carrying subject, organisation, party, kind and roles.</summary>
public sealed class TokenIssuer(SigningKeys keys, TimeProvider clock, IOptions<TokenOptions> options)
{
    private readonly JsonWebTokenHandler handler = new();

    public (string Token, TimeSpan Lifetime) Issue(Guid subject, OrganizationRecord organization, IEnumerable<string> roles, bool isService)
    {
        var lifetime = options.Value.AccessTokenLifetime;
        var now = clock.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = SupportClaims.Issuer,
            Audience = SupportClaims.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(keys.Current, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                [SupportClaims.Subject] = subject.ToString(),
                [SupportClaims.Organization] = organization.Id.ToString(),
                [SupportClaims.Party] = SupportClaims.PartyValue(organization.Kind),
                [SupportClaims.Kind] = isService ? "service" : "person",
                [SupportClaims.Role] = roles.Select(SupportClaims.RoleValue).ToArray(),
                ["jti"] = Guid.NewGuid().ToString("N"),
            },
        };
        return (handler.CreateToken(descriptor), lifetime);
    }
}
