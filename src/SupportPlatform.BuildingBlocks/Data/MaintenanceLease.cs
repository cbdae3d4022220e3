using Dapper;

namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// A named row of <c>maintenance_leases</c> (seeded by the migration of the work it guards) that
/// one replica at a time holds: a claim succeeds when the lease is free, expired, or already this
/// replica's (which renews it). A replica that stops claiming is replaced once its lease expires.
/// </summary>
public sealed class MaintenanceLease(Database database, string name)
{
    private const string ClaimSql = """
        UPDATE maintenance_leases SET lease_owner = @Owner, lease_until = @LeaseUntil
        WHERE name = @Name AND (lease_until IS NULL OR lease_until <= @Now OR lease_owner = @Owner)
        """;

    private readonly string owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public string Name => name;

    /// <summary>Claims or renews the lease until <paramref name="until"/>; false when another replica holds it.</summary>
    public async Task<bool> TryClaimAsync(DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        var claimed = await work.Connection.ExecuteAsync(ClaimSql, new { Owner = owner, LeaseUntil = until, Now = now, Name = name }, work.Transaction);
        await work.CommitAsync(cancellationToken);
        return claimed > 0;
    }
}
