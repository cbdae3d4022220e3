using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.V1;

namespace SupportPlatform.Notification.Grpc;

public sealed class NotificationGrpcService(NotificationStore store) : NotificationService.NotificationServiceBase
{
    public override async Task<ListNotificationsResponse> ListNotifications(ListNotificationsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var caseId = violations.OptionalId(request.CaseId, "case_id");
        var page = PageToken.Read(request.PageSize, request.PageToken, violations);
        violations.ThrowIfAny();

        // The support queue is read by the vendor's support staff and the vendor's services.
        var includeQueue = caller.IsVendor && (caller.IsVendorEngineer || caller.IsServiceAccount);
        var rows = await store.ListAsync(caller.SubjectId, includeQueue, caseId, page.Before, page.Size + 1);
        var response = new ListNotificationsResponse
        {
            Notifications =
            {
                rows.Take(page.Size).Select(row => new V1.Notification
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
                }),
            },
        };
        if (rows.Count > page.Size)
        {
            response.NextPageToken = PageToken.Write(rows[page.Size - 1].Seq);
        }
        return response;
    }
}
