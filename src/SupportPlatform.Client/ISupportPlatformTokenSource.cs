namespace SupportPlatform.Client;

/// <summary>The access token the client sends; also usable for the HTTP/JSON API.</summary>
public interface ISupportPlatformTokenSource
{
    /// <summary>A token valid for at least the configured refresh margin.</summary>
    ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken = default);
}
