using NodaTime;
using NodaTime.Text;

namespace SupportPlatform.Notification.Domain;

/// <summary>
/// The time a notification is about, as its recipient reads it: in the recipient's time zone.
/// </summary>
/// <param name="Label">What the time is, e.g. "Due" or "Acknowledge before".</param>
/// <param name="Local">Day, date and time, e.g. "Thu 3 Dec 2026 15:00".</param>
/// <param name="Time">The time of day alone, e.g. "15:00" (for a text message).</param>
/// <param name="Zone">The IANA time zone, e.g. "Europe/Amsterdam".</param>
/// <param name="Offset">Its offset from UTC then, e.g. "UTC+01".</param>
public sealed record DueTime(string Label, string Local, string Time, string Zone, string Offset)
{
    private static readonly ZonedDateTimePattern LocalPattern = ZonedDateTimePattern.CreateWithInvariantCulture("ddd d MMM uuuu HH':'mm", null);
    private static readonly ZonedDateTimePattern TimePattern = ZonedDateTimePattern.CreateWithInvariantCulture("HH':'mm", null);

    public static DueTime Of(string label, DateTimeOffset at, DateTimeZone zone)
    {
        var zoned = Instant.FromDateTimeOffset(at).InZone(zone);
        return new DueTime(label, LocalPattern.Format(zoned), TimePattern.Format(zoned), zone.Id, "UTC" + OffsetPattern.CreateWithInvariantCulture("+HH:mm").Format(zoned.Offset)
            .Replace(":00", "", StringComparison.Ordinal));
    }

    /// <summary>What the time of an event means.</summary>
    public static string LabelOf(string eventType) => eventType switch
    {
        "PageTriggered" => "Acknowledge before",
        "SlaClockDeferred" => "SLA clock starts",
        "HotlineCallMissing" => "Call expected by",
        "SlaBreached" or "RcaOverdue" or "RcaActionOverdue" => "Was due",
        _ => "Due",
    };
}
