using System.Net;
using System.Text;

namespace SupportPlatform.Notification.Domain;

/// <summary>
/// The e-mail of one notification: subject, a plain-text part and an HTML part saying the same,
/// with a link to the case or RCA in the portal. Pure; the text is the notification's, written for
/// the recipient's party, so an e-mail carries nothing the in-app notification does not.
/// </summary>
public sealed record EmailContent(string Subject, string Text, string Html)
{
    /// <param name="portalUrl">The portal's base address, e.g. https://support.example.com; links are left out when empty.</param>
    public static EmailContent Of(string subject, string body, string urgency, Guid? caseId, Guid? rcaId, string recipientName, string portalUrl)
    {
        var link = portalUrl.Length == 0 ? null
            : caseId is { } forCase ? (Url: $"{portalUrl.TrimEnd('/')}/cases/{forCase}", Label: "Open the case")
            : rcaId is { } forRca ? (Url: $"{portalUrl.TrimEnd('/')}/rcas/{forRca}", Label: "Open the root cause analysis")
            : ((string Url, string Label)?)null;
        var prefixed = urgency == NotificationRules.Critical ? "[CRITICAL] " + subject : subject;
        var greeting = recipientName.Length > 0 ? $"Hello {recipientName}," : "Hello,";

        var text = new StringBuilder().AppendLine(greeting).AppendLine().AppendLine(body);
        if (link is { } textLink)
        {
            text.AppendLine().AppendLine($"{textLink.Label}: {textLink.Url}");
        }
        text.AppendLine().Append("This message was sent by the support platform; reply in the portal, not to this e-mail.");

        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">")
            .Append("<p>").Append(WebUtility.HtmlEncode(greeting)).Append("</p>")
            .Append("<p>").Append(WebUtility.HtmlEncode(body).Replace("\n", "<br>")).Append("</p>");
        if (link is { } htmlLink)
        {
            html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(htmlLink.Url)).Append("\">").Append(WebUtility.HtmlEncode(htmlLink.Label)).Append("</a></p>");
        }
        html.Append("<p style=\"color:#666;font-size:small\">This message was sent by the support platform; reply in the portal, not to this e-mail.</p>")
            .Append("</body></html>");
        return new EmailContent(prefixed, text.ToString(), html.ToString());
    }
}
