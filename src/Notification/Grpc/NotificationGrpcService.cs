using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SupportPlatform.BuildingBlocks;
using SupportPlatform.BuildingBlocks.Domain;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Common.V1;
using SupportPlatform.Notification.Application;
using SupportPlatform.Notification.Channels;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.Domain;
using SupportPlatform.Notification.V1;

namespace SupportPlatform.Notification.Grpc;

public sealed class NotificationGrpcService(NotificationStore store, Subscriptions subscriptions, DeliveryStore deliveries, WebhookEndpoints webhooks,
    PreferenceStore preferences, PersonDirectory people, DeliverySignal signal, NotificationSignal notifications, TimeProvider clock)
    : NotificationService.NotificationServiceBase
{
    /// <summary>How often an open WatchNotifications stream looks for what other replicas wrote (this one's wake it at once).</summary>
    private static readonly TimeSpan WatchPoll = TimeSpan.FromMilliseconds(250);

    private const int WatchBatch = 100;

    public override async Task<ListNotificationsResponse> ListNotifications(ListNotificationsRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var caseId = violations.OptionalId(request.CaseId, "case_id");
        var page = PageToken.Read(request.PageSize, request.PageToken, violations);
        violations.ThrowIfAny();

        var rows = await store.ListAsync(ReaderOf(context.GetCaller()), caseId, request.UnreadOnly, page.Before, page.Size + 1);
        var response = new ListNotificationsResponse { Notifications = { rows.Take(page.Size).Select(ToProto) } };
        if (rows.Count > page.Size)
        {
            response.NextPageToken = PageToken.Write(rows[page.Size - 1].Seq);
        }
        return response;
    }

    public override async Task<GetUnreadCountResponse> GetUnreadCount(GetUnreadCountRequest request, ServerCallContext context) =>
        new() { UnreadCount = await store.UnreadCountAsync(ReaderOf(context.GetCaller()), context.CancellationToken) };

    public override async Task<MarkNotificationsReadResponse> MarkNotificationsRead(MarkNotificationsReadRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        violations.Require(request.UpToPosition >= 0, "up_to_position", "must not be negative");
        violations.Require(request.NotificationIds.Count > 0 || request.UpToPosition > 0, "notification_ids",
            "name at least one notification, or give up_to_position");
        List<Guid> ids = [];
        for (var index = 0; index < request.NotificationIds.Count; index++)
        {
            violations.RequireId(request.NotificationIds[index], $"notification_ids[{index}]", out var id);
            ids.Add(id);
        }
        violations.ThrowIfAny();
        var (marked, unread) = await store.MarkReadAsync(ReaderOf(context.GetCaller()), ids.Distinct().ToList(), request.UpToPosition,
            clock.GetUtcNow(), context.CancellationToken);
        return new MarkNotificationsReadResponse { Marked = marked, UnreadCount = unread };
    }

    public override async Task WatchNotifications(WatchNotificationsRequest request, IServerStreamWriter<WatchNotificationsResponse> responseStream, ServerCallContext context)
    {
        new Violations().Require(request.AfterPosition >= 0, "after_position", "must not be negative").ThrowIfAny();
        var reader = ReaderOf(context.GetCaller());
        var position = request.AfterPosition > 0 ? request.AfterPosition : await store.LatestPositionAsync(context.CancellationToken);
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var written = reader.IncludeQueue
                ? Task.WhenAny(notifications.Next(reader.PersonId), notifications.NextOfQueue())
                : notifications.Next(reader.PersonId);
            var batch = await store.AfterAsync(reader, position, WatchBatch, context.CancellationToken);
            foreach (var row in batch)
            {
                await responseStream.WriteAsync(new WatchNotificationsResponse { Notification = ToProto(row) }, context.CancellationToken);
                position = row.Seq;
            }
            if (batch.Count < WatchBatch)
            {
                // Woken by this replica's consumers when they wrote to this reader; polling for what the other replicas wrote.
                await ChangeBroadcast.WaitAsync(written, WatchPoll, context.CancellationToken);
            }
        }
    }

    public override async Task<SubscribeResponse> Subscribe(SubscribeRequest request, ServerCallContext context)
    {
        var (kind, targetId) = ReadTarget(request.Kind, request.TargetId);
        var (subscription, created) = await subscriptions.SubscribeAsync(context.GetCaller(), kind, targetId, context.CancellationToken);
        return new SubscribeResponse { Subscription = ToProto(subscription), Created = created };
    }

    public override async Task<UnsubscribeResponse> Unsubscribe(UnsubscribeRequest request, ServerCallContext context)
    {
        var (kind, targetId) = ReadTarget(request.Kind, request.TargetId);
        return new UnsubscribeResponse { Removed = await subscriptions.UnsubscribeAsync(context.GetCaller(), kind, targetId, context.CancellationToken) };
    }

    public override async Task<ListSubscriptionsResponse> ListSubscriptions(ListSubscriptionsRequest request, ServerCallContext context) =>
        new() { Subscriptions = { (await subscriptions.ListAsync(context.GetCaller(), context.CancellationToken)).Select(ToProto) } };

    public override async Task<GetDeliveryStatusResponse> GetDeliveryStatus(GetDeliveryStatusRequest request, ServerCallContext context)
    {
        new Violations().RequireId(request.DeliveryId, "delivery_id", out var id).ThrowIfAny();
        var caller = context.GetCaller();
        var found = await deliveries.GetAsync(id, context.CancellationToken);
        if (found is not { } delivery || !(WebhookEndpoints.SeesAllDeliveries(caller) || IsAddressedTo(delivery.Delivery, caller)
            || await webhooks.IsOrganizationsEndpointAsync(delivery.Delivery, caller, context.CancellationToken)))
        {
            throw new NotFoundException("delivery", request.DeliveryId);
        }
        var proto = ToProto(delivery.Delivery);
        proto.Attempts.AddRange(delivery.Attempts.Select(attempt => new DeliveryAttempt
        {
            Attempt = attempt.Attempt, At = Timestamp.FromDateTimeOffset(attempt.At), Outcome = attempt.Outcome, Detail = attempt.Detail,
        }));
        return new GetDeliveryStatusResponse { Delivery = proto };
    }

    public override async Task<ListDeliveriesResponse> ListDeliveries(ListDeliveriesRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var notificationId = violations.OptionalId(request.NotificationId, "notification_id");
        var caseId = violations.OptionalId(request.CaseId, "case_id");
        violations.Require(request.State == DeliveryState.Unspecified || ProtoEnums.IsSet(request.State), "state", "must be a known delivery state");
        var page = PageToken.Read(request.PageSize, request.PageToken, violations);
        violations.ThrowIfAny();

        var caller = context.GetCaller();
        var filter = new DeliveryStore.Filter(WebhookEndpoints.SeesAllDeliveries(caller) ? null : caller.SubjectId, notificationId, caseId,
            request.State == DeliveryState.Unspecified ? null : ProtoEnums.Name(request.State),
            caller.HasRole(Roles.CustomerAdmin) ? caller.OrganizationId : null);
        var rows = await deliveries.ListAsync(filter, page.Before, page.Size + 1, context.CancellationToken);
        // One more than a page tells whether there is a next one; the page ends before the last
        // notification fetched, unless that one alone filled it.
        var more = rows.Count > page.Size;
        var shown = more ? rows.TakeWhile(row => row.Seq != rows[^1].Seq).ToList() : rows;
        if (shown.Count == 0)
        {
            shown = rows;
        }
        var response = new ListDeliveriesResponse { Deliveries = { shown.Select(ToProto) } };
        if (more)
        {
            response.NextPageToken = PageToken.Write(shown[^1].Seq);
        }
        return response;
    }

    public override async Task<ReplayDeliveryResponse> ReplayDelivery(ReplayDeliveryRequest request, ServerCallContext context) =>
        new() { Delivery = ToProto(await webhooks.ReplayAsync(context.GetCaller(), request.DeliveryId, context.CancellationToken)) };

    public override async Task<RegisterWebhookEndpointResponse> RegisterWebhookEndpoint(RegisterWebhookEndpointRequest request, ServerCallContext context)
    {
        var (endpoint, secret) = await webhooks.RegisterAsync(context.GetCaller(), request.OrganizationId, request.Url, request.EventTypes, request.Description,
            context.CancellationToken);
        return new RegisterWebhookEndpointResponse { Endpoint = ToProto(endpoint), Secret = secret };
    }

    public override async Task<ListWebhookEndpointsResponse> ListWebhookEndpoints(ListWebhookEndpointsRequest request, ServerCallContext context) =>
        new() { Endpoints = { (await webhooks.ListAsync(context.GetCaller(), request.OrganizationId, context.CancellationToken)).Select(ToProto) } };

    public override async Task<RotateWebhookSecretResponse> RotateWebhookSecret(RotateWebhookSecretRequest request, ServerCallContext context)
    {
        var (endpoint, secret) = await webhooks.RotateAsync(context.GetCaller(), request.EndpointId, request.OverlapMinutes, context.CancellationToken);
        return new RotateWebhookSecretResponse { Endpoint = ToProto(endpoint), Secret = secret };
    }

    public override async Task<DeleteWebhookEndpointResponse> DeleteWebhookEndpoint(DeleteWebhookEndpointRequest request, ServerCallContext context)
    {
        await webhooks.DeleteAsync(context.GetCaller(), request.EndpointId, context.CancellationToken);
        return new DeleteWebhookEndpointResponse();
    }

    private static WebhookEndpoint ToProto(WebhookEndpointRow row) => new()
    {
        EndpointId = row.Id.ToString(),
        OrganizationId = row.OrganizationId.ToString(),
        Url = row.Url,
        EventTypes = { row.EventTypeList },
        Description = row.Description,
        State = ProtoEnums.Parse<WebhookEndpointState>(row.State),
        DisabledReason = row.DisabledReason ?? "",
        CreatedAt = Timestamp.FromDateTimeOffset(row.CreatedAt),
        PreviousSecretExpiresAt = row.PreviousSecretExpiresAt is { } until ? Timestamp.FromDateTimeOffset(until) : null,
    };

    private static bool IsAddressedTo(DeliveryRow delivery, Caller caller) =>
        delivery.RecipientKind == NotificationRules.Person && delivery.RecipientId == caller.SubjectId.ToString();

    private static Delivery ToProto(DeliveryRow row) => new()
    {
        DeliveryId = row.Id.ToString(),
        NotificationId = row.NotificationId.ToString(),
        EventType = row.EventType,
        Channel = ProtoEnums.Parse<Channel>(row.Channel),
        RecipientKind = ProtoEnums.Parse<RecipientKind>(row.RecipientKind),
        RecipientId = row.RecipientId,
        Address = row.Address ?? "",
        State = ProtoEnums.Parse<DeliveryState>(row.State),
        AttemptCount = row.Attempts,
        NextAttemptAt = row.FinishedAt is null ? Timestamp.FromDateTimeOffset(row.NextAttemptAt) : null,
        LastError = row.LastError ?? "",
        CreatedAt = Timestamp.FromDateTimeOffset(row.CreatedAt),
        FinishedAt = row.FinishedAt is { } finished ? Timestamp.FromDateTimeOffset(finished) : null,
        CaseId = row.CaseId?.ToString() ?? "",
    };

    private static (string Kind, Guid TargetId) ReadTarget(SubscriptionKind kind, string targetId)
    {
        var violations = new Violations();
        violations.Require(ProtoEnums.IsSet(kind), "kind", "must be CASE, RCA or ORGANIZATION_P1S");
        violations.RequireId(targetId, "target_id", out var id);
        violations.ThrowIfAny();
        return (ProtoEnums.Name(kind), id);
    }

    private static Subscription ToProto(SubscriptionStore.Row row) => new()
    {
        Kind = ProtoEnums.Parse<SubscriptionKind>(row.Kind),
        TargetId = row.TargetId.ToString(),
        CreatedAt = Timestamp.FromDateTimeOffset(row.CreatedAt),
    };

    /// <summary>The support queue is read by the vendor's support staff and the vendor's services.</summary>
    private static NotificationStore.Reader ReaderOf(Caller caller) =>
        new(caller.SubjectId, caller.IsVendor && (caller.IsVendorEngineer || caller.IsServiceAccount));

    private static V1.Notification ToProto(NotificationRecord row) => new()
    {
        NotificationId = row.Id.ToString(),
        RecipientKind = ProtoEnums.Parse<RecipientKind>(row.RecipientKind),
        RecipientId = row.RecipientId,
        Channel = ProtoEnums.Parse<Channel>(row.Channel),
        EventType = row.EventType,
        Subject = row.Subject,
        Body = row.Body,
        CaseId = row.CaseId?.ToString() ?? "",
        RcaId = row.RcaId?.ToString() ?? "",
        CreatedAt = Timestamp.FromDateTimeOffset(row.CreatedAt),
        Position = row.Seq,
        Urgency = ProtoEnums.Parse<Urgency>(row.Urgency),
        Read = row.IsRead,
        Purpose = ProtoEnums.Parse<Purpose>(row.Purpose),
        DueAt = row.DueAt is { } due ? Timestamp.FromDateTimeOffset(due) : null,
    };

    public override async Task<GetNotificationPreferencesResponse> GetNotificationPreferences(GetNotificationPreferencesRequest request,
        ServerCallContext context)
    {
        var caller = context.GetCaller();
        var chosen = await preferences.GetAsync(caller.SubjectId, context.CancellationToken);
        return new GetNotificationPreferencesResponse
        {
            Preferences = PreferenceMapping.ToProto(chosen), EffectiveTimeZone = await EffectiveTimeZoneAsync(caller, chosen, context.CancellationToken),
        };
    }

    public override async Task<UpdateNotificationPreferencesResponse> UpdateNotificationPreferences(UpdateNotificationPreferencesRequest request,
        ServerCallContext context)
    {
        var chosen = PreferenceMapping.FromProto(request.Preferences ?? new V1.NotificationPreferences());
        var caller = context.GetCaller();
        // Asked before saving: an identity outage refuses the update instead of answering after it.
        var effective = await EffectiveTimeZoneAsync(caller, chosen, context.CancellationToken);
        await preferences.SaveAsync(caller.SubjectId, chosen, clock.GetUtcNow(), context.CancellationToken);
        // What waited under the old preferences is due again: the worker decides it now.
        signal.Notify();
        return new UpdateNotificationPreferencesResponse { Preferences = PreferenceMapping.ToProto(chosen), EffectiveTimeZone = effective };
    }

    /// <summary>The person's own time zone, else their organisation's (from identity).</summary>
    private async Task<string> EffectiveTimeZoneAsync(Caller caller, Domain.NotificationPreferences chosen, CancellationToken cancellationToken) =>
        chosen.TimeZone.Length > 0 ? chosen.TimeZone : LocalTimes.Zone((await people.FindAsync(caller.SubjectId, cancellationToken))?.TimeZone ?? "").Id;
}
