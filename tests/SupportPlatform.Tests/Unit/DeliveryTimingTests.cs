extern alias notification;

using NodaTime;
using notification::SupportPlatform.Notification.Domain;

namespace SupportPlatform.Tests.Unit;

/// <summary>When a person's e-mail or text message goes out by their preferences: opt-outs, quiet hours in their zone, digests, and critical ones at once.</summary>
public sealed class DeliveryTimingTests
{
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];
    private static readonly DateTimeZone Kolkata = DateTimeZoneProviders.Tzdb["Asia/Kolkata"];

    private static NotificationPreferences Quiet(int fromHour, int toHour) =>
        NotificationPreferences.Default with { QuietStart = new LocalTime(fromHour, 0), QuietEnd = new LocalTime(toHour, 0) };

    private static Instant At(int day, int hour, int minute = 0) => Instant.FromUtc(2026, 12, day, hour, minute);

    private static DeliveryTiming.Decision Decide(NotificationPreferences preferences, Instant now, string channel = "EMAIL", string urgency = "NORMAL",
        string purpose = "ACTION", string eventType = "CaseAssigned", bool held = false, DateTimeZone? zone = null) =>
        DeliveryTiming.Decide(preferences, zone ?? Amsterdam, channel, eventType, urgency, purpose, held, now);

    [Fact]
    public void WithoutPreferences_EverythingGoesAtOnce() =>
        Assert.Equal(DeliveryTiming.Send, Decide(NotificationPreferences.Default, At(3, 3), purpose: "FYI").Action);

    [Fact]
    public void DuringQuietHours_ItWaitsForTheirEnd_InThePersonsZone()
    {
        // 22:00-07:00 in Amsterdam (UTC+1 in December): 23:30 local waits until 07:00 local, 06:00 UTC.
        var decision = Decide(Quiet(22, 7), At(3, 22, 30));
        Assert.Equal(DeliveryTiming.Defer, decision.Action);
        Assert.Equal(At(4, 6), decision.Until);

        // 05:00 local, after midnight: the same morning.
        Assert.Equal(At(4, 6), Decide(Quiet(22, 7), At(4, 4)).Until);
        // 12:00 local is outside them.
        Assert.Equal(DeliveryTiming.Send, Decide(Quiet(22, 7), At(3, 11)).Action);
        // Quiet hours within a day: 12:00-14:00 local; 13:00 local waits until 14:00 local.
        Assert.Equal(At(3, 13), Decide(Quiet(12, 14), At(3, 12)).Until);
        // The end is exclusive: at 07:00 local it goes.
        Assert.Equal(DeliveryTiming.Send, Decide(Quiet(22, 7), At(4, 6)).Action);
    }

    [Fact]
    public void ACriticalNotification_GoesAtOnce_ThroughQuietHours_OptOutsAndDigests()
    {
        var everything = Quiet(0, 23) with
        {
            Digest = NotificationPreferences.Hourly,
            OptOuts = new HashSet<(string, string)> { (NotificationCategories.OnCall, "SMS"), (NotificationCategories.OnCall, "EMAIL") },
        };

        Assert.Equal(DeliveryTiming.Send, Decide(everything, At(3, 12), "SMS", "CRITICAL", eventType: "PageTriggered").Action);
        Assert.Equal(DeliveryTiming.Send, Decide(everything, At(3, 12), "EMAIL", "CRITICAL", "FYI", "PageExhausted").Action);
        Assert.Equal(DeliveryTiming.Skip, Decide(everything, At(3, 12), "SMS", "HIGH", eventType: "HotlineCallMissing").Action);
    }

    [Fact]
    public void ACategoryTurnedOffOnAChannel_IsSkippedThere_Only()
    {
        var noCommentMails = NotificationPreferences.Default with
        {
            OptOuts = new HashSet<(string, string)> { (NotificationCategories.Comments, "EMAIL") },
        };

        var skipped = Decide(noCommentMails, At(3, 12), eventType: "CaseCommentAdded");
        Assert.Equal(DeliveryTiming.Skip, skipped.Action);
        Assert.Equal("The person turned off COMMENTS notifications by EMAIL.", skipped.Why);
        Assert.Equal(DeliveryTiming.Send, Decide(noCommentMails, At(3, 12), "SMS", eventType: "CaseCommentAdded").Action);
        Assert.Equal(DeliveryTiming.Send, Decide(noCommentMails, At(3, 12), eventType: "RcaPublished").Action);
    }

    [Fact]
    public void AnFyiEmail_WaitsForTheDigest_HourlyAtTheNextFullLocalHour_DailyAtTheDigestTime()
    {
        var hourly = NotificationPreferences.Default with { Digest = NotificationPreferences.Hourly };
        var daily = NotificationPreferences.Default with { Digest = NotificationPreferences.Daily, DigestTime = new LocalTime(8, 0) };

        var held = Decide(hourly, At(3, 10, 10), purpose: "FYI");
        Assert.Equal(DeliveryTiming.Hold, held.Action);
        Assert.Equal(At(3, 11), held.Until);
        // Kolkata is UTC+05:30: its full hours fall at half past in UTC.
        Assert.Equal(At(3, 10, 30), Decide(hourly, At(3, 10, 10), purpose: "FYI", zone: Kolkata).Until);
        // Daily at 08:00 Amsterdam (07:00 UTC): before it, today; after it, tomorrow.
        Assert.Equal(At(3, 7), Decide(daily, At(3, 6), purpose: "FYI").Until);
        Assert.Equal(At(4, 7), Decide(daily, At(3, 8), purpose: "FYI").Until);
        // What asks something of the person, and what is not an e-mail, is not batched.
        Assert.Equal(DeliveryTiming.Send, Decide(hourly, At(3, 10), purpose: "ACTION").Action);
        Assert.Equal(DeliveryTiming.Send, Decide(hourly, At(3, 10), "SMS", purpose: "FYI").Action);
        // A held one that came due is sent (in the digest), not held again.
        Assert.Equal(DeliveryTiming.Send, Decide(hourly, At(3, 11), purpose: "FYI", held: true).Action);
    }

    [Fact]
    public void ADigestDueInQuietHours_WaitsForTheirEnd()
    {
        var quietDigest = Quiet(22, 7) with { Digest = NotificationPreferences.Hourly };

        var decision = Decide(quietDigest, At(3, 23), purpose: "FYI", held: true);

        Assert.Equal(DeliveryTiming.Defer, decision.Action);
        Assert.Equal(At(4, 6), decision.Until);
    }

    [Fact]
    public void DigestTimes_CrossMidnight_AndFollowTheZonesChangeOfOffset()
    {
        var hourly = NotificationPreferences.Default with { Digest = NotificationPreferences.Hourly };
        var daily = NotificationPreferences.Default with { Digest = NotificationPreferences.Daily, DigestTime = new LocalTime(8, 0) };

        // 23:40 in Amsterdam: the next full hour is midnight, the next day.
        Assert.Equal(At(3, 23), Decide(hourly, At(3, 22, 40), purpose: "FYI").Until);
        // Held at the digest time itself: the next one.
        Assert.Equal(At(3, 11), Decide(hourly, At(3, 10), purpose: "FYI").Until);
        // 08:00 in Amsterdam is 07:00 UTC in winter and 06:00 UTC from the last Sunday of March.
        Assert.Equal(Instant.FromUtc(2027, 3, 28, 6, 0), Decide(daily, Instant.FromUtc(2027, 3, 27, 8, 0), purpose: "FYI").Until);
    }

    [Fact]
    public void QuietHoursEndingInARepeatedHour_EndAtItsLaterOccurrence()
    {
        // Amsterdam passes 02:00-03:00 twice on 31 October 2027 (CEST, then CET); quiet hours ending
        // at 02:30 end at the second 02:30, 01:30 UTC.
        var quiet = Quiet(22, 2) with { QuietEnd = new LocalTime(2, 30) };

        var decision = Decide(quiet, Instant.FromUtc(2027, 10, 30, 23, 0));

        Assert.Equal(Instant.FromUtc(2027, 10, 31, 1, 30), decision.Until);
        // At the first 02:20 (CEST) too: not a wake-up at the first 02:30 and another at the second.
        Assert.Equal(Instant.FromUtc(2027, 10, 31, 1, 30), Decide(quiet, Instant.FromUtc(2027, 10, 31, 0, 20)).Until);
    }

    [Fact]
    public void QuietHoursEndingInASkippedHour_EndWhenTheClockHasMovedOn()
    {
        // Amsterdam skips 02:00-03:00 on 28 March 2027; quiet hours ending at 02:30 end at 03:30 CEST (01:30 UTC).
        var decision = Decide(Quiet(22, 2) with { QuietEnd = new LocalTime(2, 30) }, Instant.FromUtc(2027, 3, 27, 23, 0));

        Assert.Equal(DeliveryTiming.Defer, decision.Action);
        Assert.Equal(Instant.FromUtc(2027, 3, 28, 1, 30), decision.Until);
    }
}
