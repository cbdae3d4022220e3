using NodaTime;
using NodaTime.Text;

namespace SupportPlatform.BuildingBlocks.Domain;

/// <summary>Instants as the customer reads them: ISO 8601 local time with its offset, e.g. "2026-12-04T09:30:00+01".</summary>
public static class LocalTimes
{
    private static readonly OffsetDateTimePattern Pattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<G>");

    public static string Format(Instant at, DateTimeZone zone) => Pattern.Format(at.InZone(zone).ToOffsetDateTime());

    /// <summary>The IANA zone of that id; UTC for an id this machine's time-zone database does not know.</summary>
    public static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) ?? DateTimeZone.Utc;

    /// <summary>Whether the time-zone database knows <paramref name="id"/> as an IANA zone.</summary>
    public static bool IsZone(string id) => DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is not null;
}
