using System.Security.Cryptography;
using Dapper;
using Microsoft.IdentityModel.Tokens;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Security;

namespace SupportPlatform.Identity.Domain;

/// <summary>
/// The RSA keys that sign access tokens, kept in the identity database so that every replica
/// and every restart signs with the same key. The newest unretired key signs; all unretired keys
/// are published in the JWKS.
/// </summary>
public sealed class SigningKeys(Database database, TimeProvider clock) : ISigningKeySource
{
    private const string SelectKeysSql = """
        SELECT key_id AS KeyId, private_key AS PrivateKey, created_at AS CreatedAt
        FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at
        """;

    private const string InsertKeySql = "INSERT INTO signing_keys (key_id, private_key, created_at) VALUES (@KeyId, @PrivateKey, @CreatedAt)";

    private volatile IReadOnlyList<RsaSecurityKey> keys = [];

    /// <summary>The key that signs new tokens.</summary>
    public RsaSecurityKey Current => keys.Count > 0 ? keys[^1] : throw new InvalidOperationException("Signing keys are not loaded.");

    /// <summary>Creates the first key when there is none, then loads them all.</summary>
    public async Task InitializeAsync()
    {
        await using (var work = await database.BeginAsync())
        {
            var rows = (await work.Connection.QueryAsync<KeyRow>(SelectKeysSql, transaction: work.Transaction)).ToList();
            if (rows.Count == 0)
            {
                using var rsa = RSA.Create(2048);
                await work.Connection.ExecuteAsync(InsertKeySql, new
                {
                    KeyId = Guid.NewGuid().ToString("N"),
                    PrivateKey = rsa.ExportRSAPrivateKeyPem(),
                    CreatedAt = clock.GetUtcNow(),
                }, work.Transaction);
            }
            await work.CommitAsync();
        }
        await RefreshAsync(CancellationToken.None);
    }

    /// <summary>The public half of every unretired key as a JWKS document.</summary>
    public string JwksJson()
    {
        var set = new JsonWebKeySet();
        foreach (var key in keys)
        {
            var parameters = key.Rsa.ExportParameters(false);
            set.Keys.Add(new JsonWebKey
            {
                Kty = "RSA",
                Use = "sig",
                Alg = SecurityAlgorithms.RsaSha256,
                Kid = key.KeyId,
                N = Base64UrlEncoder.Encode(parameters.Modulus),
                E = Base64UrlEncoder.Encode(parameters.Exponent),
            });
        }
        return System.Text.Json.JsonSerializer.Serialize(new
        {
            keys = set.Keys.Select(k => new { kty = k.Kty, use = k.Use, alg = k.Alg, kid = k.Kid, n = k.N, e = k.E }),
        });
    }

    public ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<SecurityKey>>(keys);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<KeyRow>(SelectKeysSql);
        keys = rows.Select(row =>
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(row.PrivateKey);
            return new RsaSecurityKey(rsa) { KeyId = row.KeyId };
        }).ToList();
    }

    private sealed class KeyRow
    {
        public string KeyId { get; set; } = "";
        public string PrivateKey { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
    }
}
