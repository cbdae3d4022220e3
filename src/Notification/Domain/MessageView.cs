using NodaTime;

namespace SupportPlatform.Notification.Domain;

/// <summary>
/// What a template reads of one notification: its text (written for the recipient's party, so a
/// message carries nothing the in-app notification does not), the link into the portal, and its
/// time in the recipient's time zone. Pure.
/// </summary>
/// <param name="Critical">Whether it is critical (marked so in subject and text message).</param>
/// <param name="Purpose">ACTION, INPUT or FYI.</param>
public sealed record MessageView(string RecipientName, string EventType, string Subject, string Body, string Urgency, bool Critical, string Purpose,
    MessageLink? Link, DueTime? Due)
{
    /// <param name="portalUrl">The portal's base address, e.g. https://support.example.com; no link when empty.</param>
    /// <param name="linkPath">The notification's own link (relative to the portal), before the case's or the RCA's.</param>
    public static MessageView Of(string recipientName, string eventType, string subject, string body, string urgency, string purpose, Guid? caseId,
        Guid? rcaId, DateTimeOffset? dueAt, DateTimeZone zone, string portalUrl, string? linkPath = null)
    {
        var link = portalUrl.Length == 0 ? null
            : linkPath is { Length: > 0 } path ? new MessageLink($"{portalUrl.TrimEnd('/')}/{path}", LinkLabel(eventType))
            : caseId is { } forCase ? new MessageLink($"{portalUrl.TrimEnd('/')}/cases/{forCase}", "Open the case")
            : rcaId is { } forRca ? new MessageLink($"{portalUrl.TrimEnd('/')}/rcas/{forRca}", "Open the root cause analysis")
            : null;
        return new MessageView(recipientName, eventType, subject, body, urgency, urgency == NotificationRules.Critical, purpose, link,
            dueAt is { } at ? DueTime.Of(DueTime.LabelOf(eventType), at, zone) : null);
    }

    private static string LinkLabel(string eventType) => eventType switch
    {
        "PersonInvited" => "Set your password",
        _ => "Open the portal",
    };
}
