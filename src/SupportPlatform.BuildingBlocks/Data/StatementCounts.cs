namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>How many statements a write group compiled and how many it ran again prepared, over all its connections.</summary>
internal sealed class StatementCounts
{
    private long prepared;
    private long reused;

    public long Prepared => Interlocked.Read(ref prepared);

    public long Reused => Interlocked.Read(ref reused);

    public void AddPrepared() => Interlocked.Increment(ref prepared);

    public void AddReused() => Interlocked.Increment(ref reused);
}
