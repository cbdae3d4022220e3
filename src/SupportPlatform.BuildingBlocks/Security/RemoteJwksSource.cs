using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>
/// The identity service's JWKS, fetched over gRPC and cached. Refreshed every few minutes and when
/// a token names an unknown key id. The JWKS carries the next key before it signs anything, so
/// after a scheduled rotation the new key is usually known already; after a quick succession of
/// rotations the unknown-key refresh fetches it. Those refreshes are throttled by waiting (at most
/// <see cref="MinRefreshInterval"/>), never by refusing, so a valid token is not rejected.
/// </summary>
public sealed class RemoteJwksSource(TokenService.TokenServiceClient client, TimeProvider clock, ILogger<RemoteJwksSource> logger)
    : ISigningKeySource
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>The shortest time between two fetches.</summary>
    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(1);

    private readonly RefreshThrottle throttle = new(MinRefreshInterval, clock);
    private volatile IReadOnlyList<SecurityKey> keys = [];
    private DateTimeOffset fetchedAt = DateTimeOffset.MinValue;

    public async ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(CancellationToken cancellationToken)
    {
        if (keys.Count == 0 || clock.GetUtcNow() - fetchedAt > MaxAge)
        {
            await throttle.RunAsync(FetchAsync, cancellationToken);
        }
        return keys;
    }

    public Task RefreshAsync(CancellationToken cancellationToken) => throttle.RunAsync(FetchAsync, cancellationToken);

    private async Task FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.GetJwksAsync(new GetJwksRequest(), cancellationToken: cancellationToken);
            keys = new JsonWebKeySet(response.JwksJson).GetSigningKeys().ToList();
            fetchedAt = clock.GetUtcNow();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Keep the keys we have; a token signed with an unknown key fails as invalid.
            logger.LogWarning("Could not fetch the identity service's signing keys: {Reason}", exception.Message);
        }
    }
}
