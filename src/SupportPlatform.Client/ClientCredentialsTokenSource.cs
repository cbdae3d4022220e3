using Grpc.Core;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Client;

/// <summary>
/// An integration account's tokens (grant type client credentials), cached and replaced before
/// they expire; one request for a new token at a time, however many calls wait for it.
/// </summary>
public sealed class ClientCredentialsTokenSource : ISupportPlatformTokenSource, IDisposable
{
    private readonly TokenService.TokenServiceClient tokens;
    private readonly string clientId;
    private readonly string clientSecret;
    private readonly TimeSpan refreshBefore;
    private readonly TimeProvider clock;
    private readonly SemaphoreSlim gate = new(1, 1);
    private (string Token, DateTimeOffset RefreshAt)? current;

    /// <param name="tokens">A token client on the identity service (no credentials needed).</param>
    /// <param name="clientId">The integration account's client id.</param>
    /// <param name="clientSecret">Its secret.</param>
    /// <param name="refreshBefore">How long before expiry a token is replaced.</param>
    /// <param name="clock">The clock deciding when that is.</param>
    public ClientCredentialsTokenSource(TokenService.TokenServiceClient tokens, string clientId, string clientSecret, TimeSpan refreshBefore, TimeProvider clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientSecret);
        this.tokens = tokens;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshBefore = refreshBefore;
        this.clock = clock;
    }

    /// <summary>How many tokens were issued to this source so far.</summary>
    public int TokensIssued { get; private set; }

    /// <inheritdoc />
    public async ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken = default)
    {
        if (current is { } fresh && clock.GetUtcNow() < fresh.RefreshAt)
        {
            return fresh.Token;
        }
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (current is { } other && clock.GetUtcNow() < other.RefreshAt)
            {
                return other.Token;
            }
            var issuedAt = clock.GetUtcNow();
            var response = await tokens.IssueTokenAsync(new IssueTokenRequest
            {
                GrantType = GrantType.ClientCredentials,
                ClientId = clientId,
                ClientSecret = clientSecret,
            }, cancellationToken: cancellationToken);
            var lifetime = TimeSpan.FromSeconds(response.ExpiresInSeconds);
            // A token shorter-lived than the margin is used for half its life.
            var margin = refreshBefore < lifetime ? refreshBefore : lifetime / 2;
            current = (response.AccessToken, issuedAt + lifetime - margin);
            TokensIssued++;
            return response.AccessToken;
        }
        catch (RpcException exception)
        {
            throw SupportPlatformRpcException.From(exception);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => gate.Dispose();
}
