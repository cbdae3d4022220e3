using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Identity.Domain;

namespace SupportPlatform.Identity.Application;

/// <summary>
/// The RSA keys that sign access tokens, kept in the identity database so that every replica
/// and every restart uses the same keys, each with its lifecycle (<see cref="KeyLifecycle"/>).
/// The CURRENT key signs; NEXT, CURRENT and PREVIOUS keys are published in the JWKS and verify.
/// Every change happens in one write transaction that first locks the CURRENT row, so replicas
/// that rotate at the same moment queue behind each other and the later one finds nothing due.
/// Replicas re-read the keys periodically (<see cref="SigningKeyMaintenance"/>), on an unknown
/// key id, and before serving the JWKS.
/// </summary>
public sealed class SigningKeys(Database database, TimeProvider clock, IOptions<TokenOptions> options, ILogger<SigningKeys> logger)
    : ISigningKeySource
{
    private const string SelectPublishedSql = """
        SELECT key_id AS KeyId, private_key AS PrivateKey, key_status AS Status, created_at AS CreatedAt,
               activated_at AS ActivatedAt, deactivated_at AS DeactivatedAt
        FROM signing_keys WHERE key_status <> 'RETIRED' ORDER BY created_at
        """;

    // A no-op write that takes the CURRENT row's write lock on SQL Server (SQLite's BEGIN IMMEDIATE
    // already serialises writers), so concurrent rotations run one after the other.
    private const string LockCurrentSql = "UPDATE signing_keys SET key_status = key_status WHERE key_status = 'CURRENT'";

    private const string InsertKeySql = """
        INSERT INTO signing_keys (key_id, private_key, created_at, key_status, activated_at)
        VALUES (@KeyId, @PrivateKey, @CreatedAt, @Status, @ActivatedAt)
        """;

    private const string RetireSql = "UPDATE signing_keys SET key_status = 'RETIRED', retired_at = @Now WHERE key_id = @KeyId AND key_status = 'PREVIOUS'";

    private const string DemoteSql = "UPDATE signing_keys SET key_status = 'PREVIOUS', deactivated_at = @Now WHERE key_id = @KeyId AND key_status = 'CURRENT'";

    private const string PromoteSql = "UPDATE signing_keys SET key_status = 'CURRENT', activated_at = @Now WHERE key_id = @KeyId AND key_status = 'NEXT'";

    private readonly RefreshThrottle throttle = new(TimeSpan.FromSeconds(1), clock);
    private volatile Loaded? loaded;

    /// <summary>The key that signs new tokens.</summary>
    public RsaSecurityKey Current => Keys.Current;

    /// <summary>The lifecycle of every published key, as last read.</summary>
    public IReadOnlyList<KeyState> Published => Keys.States;

    private Loaded Keys => loaded ?? throw new InvalidOperationException("Signing keys are not loaded.");

    /// <summary>Creates the CURRENT and NEXT keys when missing, then loads them.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await ChangeAsync(_ => false, cancellationToken);
        }
        catch (System.Data.Common.DbException) when (database.Provider == DatabaseProvider.SqlServer)
        {
            // Two replicas creating the very first keys together: the unique index on the status
            // refused the second; the keys exist now.
            await ChangeAsync(_ => false, cancellationToken);
        }
    }

    /// <summary>Performs one rotation (NEXT signs, CURRENT becomes PREVIOUS, a new NEXT) and returns the published keys.</summary>
    public Task<IReadOnlyList<KeyState>> RotateAsync(CancellationToken cancellationToken) =>
        ChangeAsync(_ => true, cancellationToken);

    /// <summary>
    /// Re-reads the keys, then applies what is due: retirement of expired PREVIOUS keys, a missing
    /// NEXT, and the scheduled rotation.
    /// </summary>
    public async Task MaintainAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var settings = options.Value;
        var states = Keys.States;
        var now = clock.GetUtcNow();
        if (!KeyLifecycle.Plan(states, now, settings, KeyLifecycle.RotationDue(states, now, settings)).IsEmpty)
        {
            await ChangeAsync(fresh => KeyLifecycle.RotationDue(fresh, clock.GetUtcNow(), options.Value), cancellationToken);
        }
    }

    /// <summary>The public half of every published key as a JWKS document, read again when older than a second.</summary>
    public async Task<string> JwksJsonAsync(CancellationToken cancellationToken)
    {
        if (clock.GetElapsedTime(Keys.LoadedAt) > throttle.MinInterval)
        {
            await RefreshAsync(cancellationToken);
        }
        var set = Keys.Published.Select(key =>
        {
            var parameters = key.Rsa.ExportParameters(false);
            return new
            {
                kty = "RSA",
                use = "sig",
                alg = SecurityAlgorithms.RsaSha256,
                kid = key.KeyId,
                n = Base64UrlEncoder.Encode(parameters.Modulus),
                e = Base64UrlEncoder.Encode(parameters.Exponent),
            };
        });
        return System.Text.Json.JsonSerializer.Serialize(new { keys = set });
    }

    public ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<SecurityKey>>(Keys.Published);

    /// <summary>Re-reads the keys (a token named an unknown key id); at most once a second.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken) => throttle.RunAsync(LoadAsync, cancellationToken);

    private async Task<IReadOnlyList<KeyState>> ChangeAsync(Func<IReadOnlyList<KeyState>, bool> rotate, CancellationToken cancellationToken)
    {
        await using (var work = await database.BeginAsync(cancellationToken))
        {
            await work.Connection.ExecuteAsync(LockCurrentSql, transaction: work.Transaction);
            var states = (await work.Connection.QueryAsync<KeyRow>(SelectPublishedSql, transaction: work.Transaction))
                .Select(row => row.ToState()).ToList();
            var now = clock.GetUtcNow();
            var plan = KeyLifecycle.Plan(states, now, options.Value, rotate(states));
            if (!plan.IsEmpty)
            {
                foreach (var keyId in plan.Retire)
                {
                    await work.Connection.ExecuteAsync(RetireSql, new { KeyId = keyId, Now = now }, work.Transaction);
                }
                // Demote before promote: at no moment are there two CURRENT keys (unique index).
                if (plan.Demote is not null)
                {
                    await work.Connection.ExecuteAsync(DemoteSql, new { KeyId = plan.Demote, Now = now }, work.Transaction);
                }
                if (plan.Promote is not null)
                {
                    await work.Connection.ExecuteAsync(PromoteSql, new { KeyId = plan.Promote, Now = now }, work.Transaction);
                }
                if (plan.CreateCurrent)
                {
                    await InsertNewKeyAsync(work, KeyStatus.Current, now);
                }
                if (plan.CreateNext)
                {
                    await InsertNewKeyAsync(work, KeyStatus.Next, now);
                }
                await work.CommitAsync(cancellationToken);
                logger.LogInformation(
                    "Signing keys changed: retired {Retired}, demoted {Demoted}, promoted {Promoted}, created current {CreatedCurrent}, created next {CreatedNext}",
                    plan.Retire, plan.Demote, plan.Promote, plan.CreateCurrent, plan.CreateNext);
            }
        }
        await LoadAsync(cancellationToken);
        return Keys.States;
    }

    private static async Task InsertNewKeyAsync(UnitOfWork work, string status, DateTimeOffset now)
    {
        using var rsa = RSA.Create(2048);
        await work.Connection.ExecuteAsync(InsertKeySql, new
        {
            KeyId = Guid.NewGuid().ToString("N"),
            PrivateKey = rsa.ExportRSAPrivateKeyPem(),
            CreatedAt = now,
            Status = status,
            ActivatedAt = status == KeyStatus.Current ? now : (DateTimeOffset?)null,
        }, work.Transaction);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<KeyRow>(SelectPublishedSql)).ToList();
        var previous = loaded?.Published.ToDictionary(key => key.KeyId!) ?? [];
        // Key objects are reused by id, so a refresh parses only keys it has not seen.
        var published = rows.Select(row => previous.TryGetValue(row.KeyId, out var known) ? known : Import(row)).ToList();
        var currentId = rows.SingleOrDefault(row => row.Status == KeyStatus.Current)?.KeyId
            ?? throw new InvalidOperationException("The identity database has no CURRENT signing key.");
        loaded = new Loaded(
            rows.Select(row => row.ToState()).ToList(),
            published.Single(key => key.KeyId == currentId),
            published,
            clock.GetTimestamp());
    }

    private static RsaSecurityKey Import(KeyRow row)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(row.PrivateKey);
        return new RsaSecurityKey(rsa) { KeyId = row.KeyId };
    }

    private sealed record Loaded(IReadOnlyList<KeyState> States, RsaSecurityKey Current, IReadOnlyList<RsaSecurityKey> Published, long LoadedAt);

    private sealed class KeyRow
    {
        public string KeyId { get; set; } = "";
        public string PrivateKey { get; set; } = "";
        public string Status { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? ActivatedAt { get; set; }
        public DateTimeOffset? DeactivatedAt { get; set; }

        public KeyState ToState() => new(KeyId, Status, CreatedAt, ActivatedAt, DeactivatedAt);
    }
}
