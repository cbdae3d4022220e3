using System.Collections.Concurrent;
using SupportPlatform.BuildingBlocks;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Application;

/// <summary>
/// Wakes the notification streams (WatchNotifications) of this replica whose reader a consumer of
/// this replica has just written to — the person, or the vendor queue for a reader it is shared
/// with — and no other: a stream woken for nothing runs its query for nothing, and when every
/// commit woke every stream, each event cost a query per open stream (the benchmark's four
/// agents following at 500 P1 cases/s: 6,000 queries a second, nearly all finding nothing).
/// Streams also poll, for what other replicas wrote. A recipient is kept from its first stream on
/// (one small entry per person who ever followed, and the queue).
/// </summary>
public sealed class NotificationSignal
{
    private readonly ConcurrentDictionary<(string Kind, string Id), Recipient> recipients = new();

    /// <summary>
    /// Completes at the next <see cref="Notify"/> of a notification to <paramref name="personId"/>.
    /// Take it before looking, so that a commit between the look and the wait still wakes the stream.
    /// </summary>
    public Task Next(Guid personId) => RecipientOf(NotificationRules.Person, personId.ToString()).Next;

    /// <summary>Completes at the next <see cref="Notify"/> of a notification to the vendor queue (for the readers who share it).</summary>
    public Task NextOfQueue() => RecipientOf(NotificationRules.VendorSupportQueue, "").Next;

    /// <summary>Wakes the streams of the recipients of notifications just committed (kind and id as stored).</summary>
    public void Notify(IEnumerable<(string Kind, string Id)> written)
    {
        foreach (var recipient in written)
        {
            if (recipients.TryGetValue(recipient, out var streams))
            {
                streams.Notify();
            }
        }
    }

    private Recipient RecipientOf(string kind, string id) => recipients.GetOrAdd((kind, id), static _ => new Recipient());

    /// <summary>The streams of one recipient.</summary>
    private sealed class Recipient : ChangeBroadcast;
}
