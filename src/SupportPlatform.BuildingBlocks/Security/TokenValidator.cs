using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Known = (SupportPlatform.BuildingBlocks.Security.Caller Caller, System.DateTimeOffset Until, string? KeyId);

namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>Validates SupportPlatform access tokens and reads the caller from them.</summary>
public sealed class TokenValidator(ISigningKeySource keys, TimeProvider clock)
{
    /// <summary>How many validated tokens are remembered; past that the memory starts afresh.</summary>
    private const int CacheLimit = 20_000;

    /// <summary>
    /// Tokens already validated, with their expiry: checking an RS256 signature costs more than
    /// most requests, and a caller sends the same token many times.
    /// </summary>
    private readonly ConcurrentDictionary<string, Known> validated = new(StringComparer.Ordinal);

    /// <summary>
    /// Tolerated difference between clocks. The identity service keeps a demoted key published for
    /// at least token lifetime + this skew, so that every token it signed verifies until it expires.
    /// </summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

    /// <summary>The caller, or null when the token is not valid (expired, forged, unknown key…).</summary>
    public ValueTask<Caller?> ValidateAsync(string token, CancellationToken cancellationToken) =>
        ValidateAsync(token.AsMemory(), cancellationToken);

    /// <summary>
    /// The caller, or null when the token is not valid; <paramref name="token"/> may be a slice of
    /// the request's header: a token already validated is found without copying it.
    /// </summary>
    public async ValueTask<Caller?> ValidateAsync(ReadOnlyMemory<char> token, CancellationToken cancellationToken)
    {
        var byText = validated.GetAlternateLookup<ReadOnlySpan<char>>();
        if (byText.TryGetValue(token.Span, out var known))
        {
            // Still unexpired, and its key still published (a key retired early, say after a
            // compromise, takes its tokens with it).
            if (clock.GetUtcNow() < known.Until && Published(await keys.GetKeysAsync(cancellationToken), known.KeyId))
            {
                return known.Caller;
            }
            byText.TryRemove(token.Span, out _);
        }
        return await ValidateNewAsync(token.ToString(), cancellationToken);
    }

    private async Task<Caller?> ValidateNewAsync(string token, CancellationToken cancellationToken)
    {
        var result = await ValidateOnceAsync(token, cancellationToken);
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // A key this replica has not seen yet (rotation): look again once.
            await keys.RefreshAsync(cancellationToken);
            result = await ValidateOnceAsync(token, cancellationToken);
        }
        var caller = result.IsValid ? ReadCaller(result.ClaimsIdentity, token) : null;
        if (caller is not null && result.SecurityToken is { } securityToken)
        {
            if (validated.Count >= CacheLimit)
            {
                validated.Clear();
            }
            validated[token] = (caller, new DateTimeOffset(securityToken.ValidTo, TimeSpan.Zero) + ClockSkew, result.SecurityToken.SigningKey?.KeyId);
        }
        return caller;
    }

    private static bool Published(IReadOnlyList<SecurityKey> published, string? keyId)
    {
        foreach (var key in published)
        {
            if (key.KeyId == keyId)
            {
                return true;
            }
        }
        return false;
    }

    private async Task<TokenValidationResult> ValidateOnceAsync(string token, CancellationToken cancellationToken)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = SupportClaims.Issuer,
            ValidAudience = SupportClaims.Audience,
            IssuerSigningKeys = await keys.GetKeysAsync(cancellationToken),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = TokenValidator.ClockSkew,
            RequireExpirationTime = true,
            // Lifetimes are judged by the service's clock, like every other rule that depends on now.
            LifetimeValidator = (notBefore, expires, _, _) => WithinLifetime(notBefore, expires, clock.GetUtcNow().UtcDateTime),
        };
        return await handler.ValidateTokenAsync(token, parameters);
    }

    /// <summary>Valid from <paramref name="notBefore"/> until <paramref name="expires"/>, either side widened by <see cref="ClockSkew"/>.</summary>
    internal static bool WithinLifetime(DateTime? notBefore, DateTime? expires, DateTime now) =>
        expires is { } until && now < until + ClockSkew && (notBefore is not { } from || from - ClockSkew <= now);

    private static Caller? ReadCaller(ClaimsIdentity identity, string token)
    {
        if (!Guid.TryParse(identity.FindFirst(SupportClaims.Subject)?.Value, out var subject) ||
            !Guid.TryParse(identity.FindFirst(SupportClaims.Organization)?.Value, out var organization))
        {
            return null;
        }
        var party = SupportClaims.PartyOf(identity.FindFirst(SupportClaims.Party)?.Value);
        var roles = identity.FindAll(SupportClaims.Role).Select(claim => SupportClaims.RoleOf(claim.Value))
            .Where(role => role.Length > 0).ToHashSet(StringComparer.Ordinal);
        var isService = identity.FindFirst(SupportClaims.Kind)?.Value == "service";
        return new Caller(subject, organization, party, roles, isService, token);
    }
}
