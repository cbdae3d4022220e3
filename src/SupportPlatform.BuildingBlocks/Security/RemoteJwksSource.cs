using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>
/// The identity service's JWKS, fetched over gRPC and cached. Refreshed every few minutes and when
/// a token names an unknown key id (at most once per <see cref="MinRefreshInterval"/>), so keys
/// rotate without downtime.
/// </summary>
public sealed class RemoteJwksSource(TokenService.TokenServiceClient client, TimeProvider clock, ILogger<RemoteJwksSource> logger)
    : ISigningKeySource
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim gate = new(1, 1);
    private IReadOnlyList<SecurityKey> keys = [];
    private DateTimeOffset fetchedAt = DateTimeOffset.MinValue;

    public async ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(CancellationToken cancellationToken)
    {
        if (keys.Count == 0 || clock.GetUtcNow() - fetchedAt > MaxAge)
        {
            await FetchAsync(force: false, cancellationToken);
        }
        return keys;
    }

    public Task RefreshAsync(CancellationToken cancellationToken) => FetchAsync(force: true, cancellationToken);

    private async Task FetchAsync(bool force, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var age = clock.GetUtcNow() - fetchedAt;
            if ((force && age < MinRefreshInterval) || (!force && keys.Count > 0 && age <= MaxAge))
            {
                return;
            }
            var response = await client.GetJwksAsync(new GetJwksRequest(), cancellationToken: cancellationToken);
            keys = new JsonWebKeySet(response.JwksJson).GetSigningKeys().ToList();
            fetchedAt = clock.GetUtcNow();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Keep the keys we have; a token signed with an unknown key fails as invalid.
            logger.LogWarning("Could not fetch the identity service's signing keys: {Reason}", exception.Message);
        }
        finally
        {
            gate.Release();
        }
    }
}
