using SupportPlatform.BuildingBlocks.Domain;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.V1;
using Preferences = SupportPlatform.Notification.Domain.NotificationPreferences;

namespace SupportPlatform.Notification.Grpc;

/// <summary>Notification preferences between the wire and the domain; every invalid field is reported at once.</summary>
public static class PreferenceMapping
{
    /// <summary>How many opt-outs a request may carry (every category on both channels is 12).</summary>
    public const int MaxOptOuts = 100;

    public static Preferences FromProto(V1.NotificationPreferences proto)
    {
        var violations = new Violations();
        violations.Require(proto.TimeZone.Length == 0 || LocalTimes.IsZone(proto.TimeZone),
            "preferences.time_zone", "must be empty (the organisation's) or an IANA time zone, e.g. Europe/Amsterdam");
        NodaTime.LocalTime? quietStart = null, quietEnd = null;
        if (proto.QuietHours is { } quiet)
        {
            quietStart = PreferenceStore.Time(quiet.Start);
            quietEnd = PreferenceStore.Time(quiet.End);
            violations.Require(quietStart is not null, "preferences.quiet_hours.start", "must be a time \"HH:mm\" (24-hour clock)");
            violations.Require(quietEnd is not null, "preferences.quiet_hours.end", "must be a time \"HH:mm\" (24-hour clock)");
            violations.Require(quietStart is null || quietStart != quietEnd, "preferences.quiet_hours.end", "must differ from the start");
        }
        violations.Require(proto.Digest == DigestFrequency.Unspecified || ProtoEnums.IsSet(proto.Digest), "preferences.digest",
            "must be NONE, HOURLY or DAILY");
        var digestTime = proto.DigestTime.Length == 0 ? Preferences.Default.DigestTime : PreferenceStore.Time(proto.DigestTime);
        violations.Require(digestTime is not null, "preferences.digest_time", "must be empty (08:00) or a time \"HH:mm\" (24-hour clock)");
        violations.Require(proto.OptOuts.Count <= MaxOptOuts, "preferences.opt_outs", $"must have at most {MaxOptOuts} entries");
        HashSet<(string, string)> optOuts = [];
        for (var index = 0; index < Math.Min(proto.OptOuts.Count, MaxOptOuts); index++)
        {
            var optOut = proto.OptOuts[index];
            violations.Require(ProtoEnums.IsSet(optOut.Category), $"preferences.opt_outs[{index}].category", "must be a notification category");
            violations.Require(optOut.Channel is Channel.Email or Channel.Sms, $"preferences.opt_outs[{index}].channel",
                "must be CHANNEL_EMAIL or CHANNEL_SMS: in-app notifications are always kept");
            if (ProtoEnums.IsSet(optOut.Category) && optOut.Channel is Channel.Email or Channel.Sms)
            {
                optOuts.Add((ProtoEnums.Name(optOut.Category), ProtoEnums.Name(optOut.Channel)));
            }
        }
        violations.ThrowIfAny();
        return new Preferences(proto.TimeZone, quietStart, quietEnd,
            proto.Digest == DigestFrequency.Unspecified ? Preferences.NoDigest : ProtoEnums.Name(proto.Digest), digestTime!.Value, optOuts);
    }

    public static V1.NotificationPreferences ToProto(Preferences preferences)
    {
        var proto = new V1.NotificationPreferences
        {
            TimeZone = preferences.TimeZone,
            Digest = ProtoEnums.Parse<DigestFrequency>(preferences.Digest),
            DigestTime = PreferenceStore.Text(preferences.DigestTime),
            OptOuts =
            {
                preferences.OptOuts.OrderBy(optOut => optOut.Category, StringComparer.Ordinal).ThenBy(optOut => optOut.Channel, StringComparer.Ordinal)
                    .Select(optOut => new ChannelOptOut
                    {
                        Category = ProtoEnums.Parse<NotificationCategory>(optOut.Category), Channel = ProtoEnums.Parse<Channel>(optOut.Channel),
                    }),
            },
        };
        if (preferences is { QuietStart: { } start, QuietEnd: { } end })
        {
            proto.QuietHours = new QuietHours { Start = PreferenceStore.Text(start), End = PreferenceStore.Text(end) };
        }
        return proto;
    }
}
