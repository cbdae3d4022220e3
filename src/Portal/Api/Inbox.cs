using Grpc.Core;
using SupportPlatform.Notification.V1;
using SupportPlatform.Portal.Sessions;

namespace SupportPlatform.Portal.Api;

/// <summary>
/// The signed-in person's in-app notifications for one circuit (one open browser tab): the
/// unread count the bell shows and the notifications arriving live. One WatchNotifications stream
/// per tab, started by the bell, shared with the notifications page; it ends with the circuit.
/// </summary>
public sealed class Inbox(LiveFeeds feeds, PortalUser user, Services api, ILogger<Inbox> logger) : IDisposable
{
    private readonly CancellationTokenSource lifetime = new();
    private int started;
    private long unread;

    /// <summary>The person's unread notifications, as last counted by the service.</summary>
    public long Unread => Interlocked.Read(ref unread);

    /// <summary>Raised (off the renderer's thread) when <see cref="Unread"/> changed.</summary>
    public event Func<Task>? UnreadChanged;

    /// <summary>Raised (off the renderer's thread) for every notification written for the person.</summary>
    public event Func<SupportPlatform.Notification.V1.Notification, Task>? Arrived;

    /// <summary>Raised after the stream broke and was opened again: what is shown may be stale.</summary>
    public event Func<Task>? Reconnected;

    /// <summary>Counts the unread notifications and starts following new ones; once per circuit.</summary>
    public async Task StartAsync()
    {
        if (Interlocked.Exchange(ref started, 1) == 1)
        {
            return;
        }
        await RecountAsync();
        _ = feeds.FollowNotificationsAsync(user, OnArrivedAsync, OnReconnectedAsync, lifetime.Token);
    }

    /// <summary>Takes the count a MarkNotificationsRead answered with.</summary>
    public Task SetUnreadAsync(long count)
    {
        Interlocked.Exchange(ref unread, count);
        return RaiseAsync(UnreadChanged);
    }

    /// <summary>
    /// Asks the service again. The count is always the service's (never counted up locally), so a
    /// notification read in another tab, or one arriving while the count was read, is right.
    /// </summary>
    public async Task RecountAsync()
    {
        try
        {
            var headers = await user.HeadersAsync(lifetime.Token);
            var count = await api.Notifications.GetUnreadCountAsync(new GetUnreadCountRequest(), headers, cancellationToken: lifetime.Token);
            await SetUnreadAsync(count.UnreadCount);
        }
        catch (Exception exception) when (exception is RpcException or SessionEndedException or OperationCanceledException or ObjectDisposedException)
        {
            // The bell keeps its last count; the next notification or reconnection counts again.
            logger.LogDebug(exception, "The unread count could not be read");
        }
    }

    private async Task OnArrivedAsync(SupportPlatform.Notification.V1.Notification notification)
    {
        await RecountAsync();
        if (Arrived is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<SupportPlatform.Notification.V1.Notification, Task>>())
            {
                await handler(notification);
            }
        }
    }

    private async Task OnReconnectedAsync()
    {
        await RecountAsync();
        await RaiseAsync(Reconnected);
    }

    private static async Task RaiseAsync(Func<Task>? handlers)
    {
        if (handlers is null)
        {
            return;
        }
        foreach (var handler in handlers.GetInvocationList().Cast<Func<Task>>())
        {
            await handler();
        }
    }

    public void Dispose()
    {
        lifetime.Cancel();
        lifetime.Dispose();
    }
}
