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
    /// <param name="content">The rendered subject, plain text and HTML (<see cref="NotificationTemplates.Email"/>).</param>
    public static MimeMessage Build(DeliveryRow delivery, (string Subject, string Text, string Html) content, EmailOptions options, string recipientName,
        string address)
    {
        var message = Message($"{delivery.Id:N}@supportplatform", content, options, recipientName, address);
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
        return message;
    }

    /// <summary>A digest of held e-mails: its Message-ID is made from the first delivery's id.</summary>
    public static MimeMessage Digest(IReadOnlyList<DeliveryRow> items, (string Subject, string Text, string Html) content, EmailOptions options,
        string recipientName, string address)
    {
        var message = Message($"digest-{items[0].Id:N}@supportplatform", content, options, recipientName, address);
        message.Headers.Add("X-Support-Event", "Digest");
        message.Headers.Add("X-Support-Digest", items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return message;
    }

    private static MimeMessage Message(string messageId, (string Subject, string Text, string Html) content, EmailOptions options, string recipientName,
        string address)
    {
        var message = new MimeMessage { Subject = content.Subject, MessageId = messageId };
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(new MailboxAddress(recipientName, address));
        // RFC 3834: no out-of-office replies to this.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new BodyBuilder { TextBody = content.Text, HtmlBody = content.Html }.ToMessageBody();
        return message;
    }
}
