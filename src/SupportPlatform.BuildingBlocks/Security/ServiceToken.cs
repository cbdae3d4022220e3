using Grpc.Core;
using Microsoft.Extensions.Options;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>
/// The service's own access token (client credentials), for calls that act for the service rather
/// than for a caller — consumers, background work. Cached until a minute before it expires.
/// </summary>
public sealed class ServiceToken(TokenService.TokenServiceClient tokens, IOptions<ServiceClientOptions> options, TimeProvider clock)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? current;

    /// <summary>
    /// Forgets the cached token, e.g. after identity refused it (its key was retired early
    /// because it was compromised); the next call fetches a fresh one.
    /// </summary>
    public void Invalidate() => current = null;

    public async Task<Metadata> HeadersAsync(CancellationToken cancellationToken) =>
        new() { { "authorization", "Bearer " + await GetAsync(cancellationToken) } };

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (current is { } cached && clock.GetUtcNow() < cached.RenewAt)
        {
            return cached.Token;
        }
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (current is { } again && clock.GetUtcNow() < again.RenewAt)
            {
                return again.Token;
            }
            var settings = options.Value;
            if (string.IsNullOrEmpty(settings.ClientId) || string.IsNullOrEmpty(settings.ClientSecret))
            {
                throw new InvalidOperationException("Identity:Client:ClientId and ClientSecret are not configured; the AppHost sets them for each service.");
            }
            var response = await tokens.IssueTokenAsync(new IssueTokenRequest
            {
                GrantType = GrantType.ClientCredentials,
                ClientId = settings.ClientId,
                ClientSecret = settings.ClientSecret,
            }, cancellationToken: cancellationToken);
            current = (response.AccessToken, clock.GetUtcNow().AddSeconds(Math.Max(0, response.ExpiresInSeconds - 60)));
            return response.AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }
}
