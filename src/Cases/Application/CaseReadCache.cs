using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SupportPlatform.Cases.V1;

namespace SupportPlatform.Cases.Application;

/// <summary>
/// Cases GetCase read, kept as their answer with the row's revision. A kept case is served only
/// after the database says the row still has that revision (one indexed look-up of one column,
/// instead of the row's 35 columns and their conversion), so a change made by any replica on the
/// same database, or by an escalation, is seen at once: there is nothing to invalidate. Bounded
/// by <see cref="CaseOptions.ReadCacheCapacity"/>: when it is full, the least recently used make room.
/// </summary>
public sealed class CaseReadCache : IDisposable
{
    private readonly MemoryCache? entries;
    private long hits;
    private long misses;

    public CaseReadCache(IOptions<CaseOptions> options)
    {
        var capacity = options.Value.ReadCacheCapacity;
        entries = capacity > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity }) : null;
    }

    /// <summary>A kept case: the answer (never changed once kept), whose it is, and the revision it was read at.</summary>
    public sealed record Entry(long Revision, Guid OrganizationId, Case Case);

    /// <summary>Kept cases served after their revision was confirmed.</summary>
    public long Hits => Interlocked.Read(ref hits);

    /// <summary>Reads of the whole row: the case was not kept, or its row had changed.</summary>
    public long Misses => Interlocked.Read(ref misses);

    public bool TryGet(Guid caseId, out Entry entry)
    {
        entry = null!;
        return entries is not null && entries.TryGetValue(caseId, out entry!);
    }

    public void CountHit() => Interlocked.Increment(ref hits);

    /// <summary>Keeps <paramref name="entry"/>, read from the whole row, replacing what was kept of the case.</summary>
    public void Keep(Guid caseId, Entry entry)
    {
        Interlocked.Increment(ref misses);
        entries?.Set(caseId, entry, new MemoryCacheEntryOptions { Size = 1 });
    }

    public void Dispose() => entries?.Dispose();
}
