using NodaTime;

namespace SupportPlatform.Notification.Domain;

/// <summary>
/// A person's choices for their notifications. In-app notifications are always written (they are
/// the record); the choices shape e-mail and SMS.
/// </summary>
/// <param name="TimeZone">IANA time zone the person reads times in; empty: their organisation's.</param>
/// <param name="QuietStart">Start of the quiet hours, local; null: none.</param>
/// <param name="QuietEnd">End of the quiet hours, local (before the start: they span midnight).</param>
/// <param name="Digest"><see cref="NoDigest"/>, <see cref="Hourly"/> or <see cref="Daily"/>: how FYI e-mails are batched.</param>
/// <param name="DigestTime">When the daily digest goes out, local.</param>
/// <param name="OptOuts">The (category, channel) pairs turned off.</param>
public sealed record NotificationPreferences(string TimeZone, LocalTime? QuietStart, LocalTime? QuietEnd, string Digest, LocalTime DigestTime,
    IReadOnlySet<(string Category, string Channel)> OptOuts)
{
    public const string NoDigest = "NONE";
    public const string Hourly = "HOURLY";
    public const string Daily = "DAILY";

    /// <summary>What a person has before choosing anything.</summary>
    public static NotificationPreferences Default { get; } =
        new("", null, null, NoDigest, new LocalTime(8, 0), new HashSet<(string, string)>());

    /// <summary>Whether the person wants notifications of the category on the channel.</summary>
    public bool Wants(string category, string channel) => !OptOuts.Contains((category, channel));
}
