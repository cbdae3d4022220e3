using Grpc.Core;
using Grpc.Net.ClientFactory;
using SupportPlatform.Cases.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Portal.Sessions;

namespace SupportPlatform.Portal.Api;

/// <summary>
/// Follows WatchCases and WatchNotifications for an open page, with the person's token, and calls
/// back on every change. A broken stream is opened again after two seconds (with a fresh token),
/// and the page is told to reload what it shows, since changes may have passed meanwhile.
/// </summary>
public sealed class LiveFeeds(GrpcClientFactory clients, TimeProvider clock, ILogger<LiveFeeds> logger)
{
    /// <summary>The names of the clients without the default deadline.</summary>
    public const string CaseStream = "cases-stream";

    public const string NotificationStream = "notifications-stream";

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>Every change of the organisation's cases (a vendor's empty organisation: all) until cancelled.</summary>
    public Task FollowCasesAsync(PortalUser user, string organizationId, Func<WatchCasesResponse, Task> onChange, Func<Task> onReconnected, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient<CaseService.CaseServiceClient>(CaseStream);
        long after = 0;
        return FollowAsync(async headers =>
        {
            using var call = client.WatchCases(new WatchCasesRequest { OrganizationId = organizationId, AfterPosition = after }, headers, cancellationToken: cancellationToken);
            await foreach (var change in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                after = change.Change.Position;
                await onChange(change);
            }
        }, user, onReconnected, cancellationToken);
    }

    /// <summary>
    /// Every new in-app notification of the signed-in person until cancelled; after a broken stream
    /// it resumes from the last one seen, so none is missed or repeated.
    /// </summary>
    public Task FollowNotificationsAsync(PortalUser user, Func<SupportPlatform.Notification.V1.Notification, Task> onNotification, Func<Task> onReconnected, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient<NotificationService.NotificationServiceClient>(NotificationStream);
        long after = 0;
        return FollowAsync(async headers =>
        {
            using var call = client.WatchNotifications(new WatchNotificationsRequest { AfterPosition = after }, headers, cancellationToken: cancellationToken);
            await foreach (var notification in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                after = notification.Notification.Position;
                await onNotification(notification.Notification);
            }
        }, user, onReconnected, cancellationToken);
    }

    private async Task FollowAsync(Func<Metadata, Task> stream, PortalUser user, Func<Task> onReconnected, CancellationToken cancellationToken)
    {
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var headers = await user.HeadersAsync(cancellationToken);
                if (!first)
                {
                    await onReconnected();
                }
                first = false;
                await stream(headers);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SessionEndedException)
            {
                return;
            }
            catch (RpcException exception)
            {
                logger.LogDebug("A live feed broke ({Status}); opening it again", exception.StatusCode);
            }
            try
            {
                await Task.Delay(RetryAfter, clock, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
