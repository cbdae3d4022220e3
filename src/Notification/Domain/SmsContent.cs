namespace SupportPlatform.Notification.Domain;

/// <summary>
/// The text of an SMS: the subject, marked when critical, and the link to the case; at most two
/// segments (306 characters), cut with an ellipsis. Pure. An SMS says no more than the
/// notification's subject, which is written for the recipient's party.
/// </summary>
public static class SmsContent
{
    public const int MaxLength = 306;

    public static string Of(string subject, string urgency, Guid? caseId, string portalUrl)
    {
        var link = portalUrl.Length > 0 && caseId is { } id ? $" {portalUrl.TrimEnd('/')}/cases/{id}" : "";
        var text = (urgency == NotificationRules.Critical ? "[CRITICAL] " : "") + subject;
        var room = MaxLength - link.Length;
        return (text.Length > room ? text[..(room - 1)] + "…" : text) + link;
    }
}
