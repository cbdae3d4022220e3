using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// A named row of <c>maintenance_leases</c> (seeded by the migration of the work it guards) that
/// one replica at a time holds: a claim succeeds when the lease is free, expired, or already this
/// replica's (which renews it). A replica that stops claiming is replaced once its lease expires;
/// when that happens to a replica that is still running, it logs a warning naming the new holder
/// and how long ago it last renewed (a pass that outran its lease, or a writer kept waiting).
/// </summary>
public sealed class MaintenanceLease(Database database, string name, ILogger? logger = null)
{
    private const string ClaimSql = """
        UPDATE maintenance_leases SET lease_owner = @Owner, lease_until = @LeaseUntil
        WHERE name = @Name AND (lease_until IS NULL OR lease_until <= @Now OR lease_owner = @Owner)
        """;

    private const string HolderSql = "SELECT lease_owner AS Owner, lease_until AS Until FROM maintenance_leases WHERE name = @Name";

    private readonly string owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly ILogger log = logger ?? NullLogger.Instance;

    /// <summary>The "now" of this replica's last successful claim, while it believes it holds the lease.</summary>
    private DateTimeOffset? renewedAt;

    public string Name => name;

    /// <summary>Claims or renews the lease until <paramref name="until"/>; false when another replica holds it.</summary>
    public async Task<bool> TryClaimAsync(DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        bool claimed;
        await using (var work = await database.BeginAsync(cancellationToken))
        {
            claimed = await work.Connection.ExecuteAsync(ClaimSql, new { Owner = owner, LeaseUntil = until, Now = now, Name = name }, work.Transaction) > 0;
            await work.CommitAsync(cancellationToken);
        }
        if (claimed)
        {
            renewedAt = now;
        }
        else if (renewedAt is { } last)
        {
            renewedAt = null;
            await using var connection = await database.OpenAsync(cancellationToken);
            var holder = await connection.QuerySingleOrDefaultAsync<(string? Owner, string? Until)>(HolderSql, new { Name = name });
            log.LogWarning("The {Lease} lease was taken over by {Holder} (until {Until}): this replica last renewed it at {RenewedAt:O}, {Ago:F1} s ago",
                name, holder.Owner, holder.Until, last, (now - last).TotalSeconds);
        }
        return claimed;
    }
}
