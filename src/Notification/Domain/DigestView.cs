namespace SupportPlatform.Notification.Domain;

/// <summary>What the digest template reads: the recipient, how often digests come, and the notifications in it, oldest first.</summary>
/// <param name="Frequency">HOURLY or DAILY.</param>
public sealed record DigestView(string RecipientName, string Frequency, IReadOnlyList<MessageView> Items)
{
    public int Count => Items.Count;

    /// <summary>"hourly" or "daily", for the text; "latest" for what was held before the person turned digests off.</summary>
    public string Period => Frequency switch
    {
        NotificationPreferences.Hourly => "hourly",
        NotificationPreferences.Daily => "daily",
        _ => "latest",
    };
}
