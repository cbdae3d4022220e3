extern alias notification;

using notification::SupportPlatform.Notification.Application;
using notification::SupportPlatform.Notification.Domain;

namespace SupportPlatform.Tests.Unit;

/// <summary>
/// A WatchNotifications stream is woken when a notification is written to its reader — the person,
/// or the vendor queue for a reader who shares it — and not by notifications to anyone else.
/// </summary>
public sealed class NotificationSignalTests
{
    private static readonly Guid Agent = Guid.NewGuid();
    private static readonly Guid OtherAgent = Guid.NewGuid();
    private static readonly Guid Engineer = Guid.NewGuid();
    private static readonly (string Kind, string Id) Queue = (NotificationRules.VendorSupportQueue, "");

    private readonly NotificationSignal signal = new();

    [Fact]
    public void AStream_IsWokenByANotificationToItsReader_AndByNoOtherOnes()
    {
        var agentsStream = signal.Next(Agent);
        var otherAgentsStream = signal.Next(OtherAgent);

        signal.Notify([Person(OtherAgent), Queue]);
        Assert.False(agentsStream.IsCompleted);
        Assert.True(otherAgentsStream.IsCompleted);

        signal.Notify([Person(Agent)]);
        Assert.True(agentsStream.IsCompleted);
    }

    [Fact]
    public void TheQueuesReaders_AreWokenByANotificationToTheQueue_AndNotByOnesToPeople()
    {
        var queue = signal.NextOfQueue();
        var engineersOwn = signal.Next(Engineer);

        signal.Notify([Person(Agent)]);
        Assert.False(queue.IsCompleted);

        signal.Notify([Queue]);
        Assert.True(queue.IsCompleted);
        Assert.False(engineersOwn.IsCompleted);
    }

    [Fact]
    public void AWaitTakenBeforeALook_IsWokenByACommitDuringTheLook_AndTheNextWaitByTheNextCommitOnly()
    {
        var beforeLook = signal.Next(Agent);
        signal.Notify([Person(Agent)]); // committed while the stream was reading
        Assert.True(beforeLook.IsCompleted);

        var afterLook = signal.Next(Agent);
        Assert.False(afterLook.IsCompleted);
        signal.Notify([Person(Agent), Person(Agent)]);
        Assert.True(afterLook.IsCompleted);
    }

    [Fact]
    public void NotificationsToRecipientsNobodyFollows_AreNotKept()
    {
        // Nothing to wake and nothing remembered: a later stream of theirs waits for a later notification.
        signal.Notify([Person(Agent), Queue]);

        Assert.False(signal.Next(Agent).IsCompleted);
        Assert.False(signal.NextOfQueue().IsCompleted);
    }

    private static (string Kind, string Id) Person(Guid personId) => (NotificationRules.Person, personId.ToString());
}
