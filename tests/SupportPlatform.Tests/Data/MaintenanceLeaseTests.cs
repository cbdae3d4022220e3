using Dapper;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Tests.Infrastructure;

namespace SupportPlatform.Tests.Data;

/// <summary>
/// A maintenance lease (the SLA, paging, hotline and RCA timers' "one replica at a time"), tried
/// as two replicas on one database file: the holder renews it, the other is refused until it has
/// expired and then takes it over, and the replica that lost it while still running says so.
/// </summary>
public sealed class MaintenanceLeaseTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private readonly string file = SqliteFiles.NewPath("lease");
    private Database database = null!;

    public async Task InitializeAsync()
    {
        database = new Database(DatabaseProvider.Sqlite, $"Data Source={file}");
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("""
            CREATE TABLE maintenance_leases (name TEXT NOT NULL PRIMARY KEY, lease_owner TEXT NULL, lease_until TEXT NULL);
            INSERT INTO maintenance_leases (name) VALUES ('sla-timers');
            """);
    }

    public Task DisposeAsync()
    {
        SqliteFiles.Delete(file);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TheHolderRenewsIt_AnotherReplicaTakesItOnlyOnceItExpired_AndTheFormerHolderWarnsOnce()
    {
        using var firstLog = new LogCapture();
        var first = new MaintenanceLease(database, "sla-timers", firstLog.CreateLogger("first"));
        var second = new MaintenanceLease(database, "sla-timers");

        Assert.True(await first.TryClaimAsync(Start, Start + Lease, default));
        Assert.False(await second.TryClaimAsync(Start.AddSeconds(10), Start.AddSeconds(10) + Lease, default));
        // Renewed before it ran out: the other replica is refused past the first expiry.
        Assert.True(await first.TryClaimAsync(Start.AddSeconds(20), Start.AddSeconds(20) + Lease, default));
        Assert.False(await second.TryClaimAsync(Start.AddSeconds(35), Start.AddSeconds(35) + Lease, default));
        Assert.DoesNotContain(firstLog.Entries, entry => entry.StartsWith("Warning", StringComparison.Ordinal));

        // The holder stops renewing (a pass that outran its lease, a writer kept waiting): once it
        // has expired, the other replica takes it over and the former holder is refused.
        Assert.True(await second.TryClaimAsync(Start.AddSeconds(50), Start.AddSeconds(50) + Lease, default));
        Assert.False(await first.TryClaimAsync(Start.AddSeconds(52), Start.AddSeconds(52) + Lease, default));
        var warning = Assert.Single(firstLog.Entries, entry => entry.StartsWith("Warning", StringComparison.Ordinal));
        Assert.Contains("sla-timers lease was taken over by", warning);
        Assert.Contains($"/{Environment.ProcessId}/", warning);
        Assert.Contains("32.0 s ago", warning);
        // Refused again: it already said so.
        Assert.False(await first.TryClaimAsync(Start.AddSeconds(53), Start.AddSeconds(53) + Lease, default));
        Assert.Single(firstLog.Entries, entry => entry.StartsWith("Warning", StringComparison.Ordinal));
    }
}
