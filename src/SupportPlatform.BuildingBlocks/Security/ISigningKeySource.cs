using Microsoft.IdentityModel.Tokens;

namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>Where the public keys that verify access tokens come from.</summary>
public interface ISigningKeySource
{
    /// <summary>The known keys; cached.</summary>
    ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(CancellationToken cancellationToken);

    /// <summary>Fetches the keys again (a token named an unknown key id).</summary>
    Task RefreshAsync(CancellationToken cancellationToken);
}
