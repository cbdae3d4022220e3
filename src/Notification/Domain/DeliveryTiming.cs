using NodaTime;
using NodaTime.TimeZones;
using static SupportPlatform.Notification.Domain.NotificationPreferences;

namespace SupportPlatform.Notification.Domain;

/// <summary>
/// When a person's e-mail or SMS goes out, by their preferences. Pure: the clock and the zone are
/// passed in.
/// <list type="number">
/// <item>A critical notification (a page, a P1's breach) goes at once, on every channel the rules
/// picked: neither an opt-out, nor quiet hours, nor a digest holds it back.</item>
/// <item>A category the person turned off on the channel is skipped.</item>
/// <item>An FYI e-mail of a person with a digest is held for the next digest (hourly: the next
/// full hour; daily: the person's digest time), in the person's time zone.</item>
/// <item>During the person's quiet hours, anything else waits for their end — a digest too.</item>
/// </list>
/// </summary>
public static class DeliveryTiming
{
    /// <summary>
    /// A local time the clocks skip (spring) is the moment they moved on to; one they pass twice
    /// (autumn) is its later occurrence, so that what waits for it is not due an hour early.
    /// </summary>
    private static readonly ZoneLocalMappingResolver Resolve = Resolvers.CreateMappingResolver(Resolvers.ReturnLater, Resolvers.ReturnForwardShifted);

    public const string Send = "SEND";
    public const string Skip = "SKIP";
    public const string Hold = "HOLD";
    public const string Defer = "DEFER";

    /// <summary>What to do with a delivery now: <see cref="Send"/>, <see cref="Skip"/> (why), <see cref="Hold"/> for the digest or <see cref="Defer"/> past quiet hours (until).</summary>
    public sealed record Decision(string Action, Instant? Until = null, string? Why = null);

    /// <param name="held">Whether the delivery already waited for its digest (it is then sent in one, not held again).</param>
    public static Decision Decide(NotificationPreferences preferences, DateTimeZone zone, string channel, string eventType, string urgency, string purpose,
        bool held, Instant now)
    {
        if (urgency == NotificationRules.Critical)
        {
            return new Decision(Send);
        }
        if (TurnedOff(preferences, eventType, channel) is { } why)
        {
            return new Decision(Skip, Why: why);
        }
        if (!held && channel == ChannelRules.Email && purpose == Audience.Fyi && preferences.Digest != NoDigest)
        {
            return new Decision(Hold, NextDigest(preferences, zone, now));
        }
        return QuietUntil(preferences, zone, now) is { } end ? new Decision(Defer, end) : new Decision(Send);
    }

    /// <summary>Why the person does not want the event on the channel, or null when they do.</summary>
    public static string? TurnedOff(NotificationPreferences preferences, string eventType, string channel) =>
        NotificationCategories.Of(eventType) is var category && !preferences.Wants(category, channel)
            ? $"The person turned off {category} notifications by {channel}."
            : null;

    /// <summary>The end of the quiet hours <paramref name="now"/> falls in, or null outside them.</summary>
    public static Instant? QuietUntil(NotificationPreferences preferences, DateTimeZone zone, Instant now)
    {
        if (preferences is not { QuietStart: { } start, QuietEnd: { } end } || start == end)
        {
            return null;
        }
        var local = now.InZone(zone).LocalDateTime;
        var time = local.TimeOfDay;
        var quiet = start < end ? time >= start && time < end : time >= start || time < end;
        if (!quiet)
        {
            return null;
        }
        var endDate = time < end ? local.Date : local.Date.PlusDays(1);
        return Later(zone.ResolveLocal(endDate + end, Resolve).ToInstant(), now);
    }

    /// <summary>When the digest a delivery written at <paramref name="now"/> joins goes out.</summary>
    public static Instant NextDigest(NotificationPreferences preferences, DateTimeZone zone, Instant now)
    {
        var local = now.InZone(zone).LocalDateTime;
        if (preferences.Digest == Hourly)
        {
            var hour = local.Date + new LocalTime(local.Hour, 0);
            return Later(zone.ResolveLocal(hour.PlusHours(1), Resolve).ToInstant(), now);
        }
        var today = zone.ResolveLocal(local.Date + preferences.DigestTime, Resolve).ToInstant();
        return today > now ? today : Later(zone.ResolveLocal(local.Date.PlusDays(1) + preferences.DigestTime, Resolve).ToInstant(), now);
    }

    /// <summary>A time strictly after now (a time-zone transition can map a local time backwards).</summary>
    private static Instant Later(Instant at, Instant now) => at > now ? at : now + Duration.FromMinutes(1);
}
