using MimeKit;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Channels;

/// <summary>
/// Builds the MIME message of an e-mail delivery: plain text and HTML alternatives, and a
/// Message-ID made from the delivery's id, the same on every attempt, so that a retry after a
/// failure that was not one (the server took the message, the answer got lost) can be recognised
/// as the same message.
/// </summary>
public static class EmailMessages
{
    public static MimeMessage Build(DeliveryRow delivery, EmailOptions options, string recipientName, string address)
    {
        var content = EmailContent.Of(delivery.Subject, delivery.Body, delivery.Urgency, delivery.CaseId, delivery.RcaId, recipientName, options.PortalUrl);
        var message = new MimeMessage { Subject = content.Subject, MessageId = $"{delivery.Id:N}@supportplatform" };
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(new MailboxAddress(recipientName, address));
        // RFC 3834: no out-of-office replies to this.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Support-Event", delivery.EventType);
        message.Headers.Add("X-Support-Notification", delivery.NotificationId.ToString());
        message.Headers.Add("X-Support-Urgency", delivery.Urgency);
        if (delivery.CaseId is { } caseId)
        {
            message.Headers.Add("X-Support-Case", caseId.ToString());
        }
        if (delivery.RcaId is { } rcaId)
        {
            message.Headers.Add("X-Support-Rca", rcaId.ToString());
        }
        if (delivery.Urgency == NotificationRules.Critical)
        {
            message.Importance = MessageImportance.High;
            message.Priority = MessagePriority.Urgent;
        }
        message.Body = new BodyBuilder { TextBody = content.Text, HtmlBody = content.Html }.ToMessageBody();
        return message;
    }
}
