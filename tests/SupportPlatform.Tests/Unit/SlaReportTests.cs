extern alias escalation;

using SupportPlatform.BuildingBlocks.Domain;
using escalation::SupportPlatform.Escalation.Domain;
using NodaTime;

namespace SupportPlatform.Tests.Unit;

/// <summary>Reports over computed clocks: counts, shares, percentiles and who held the cases.</summary>
public sealed class SlaReportTests
{
    private static readonly BusinessSchedule AllDay = BusinessSchedule.TwentyFourSeven(DateTimeZone.Utc);
    private static readonly SlaPolicy P1 = SlaPolicyDefaults.For("PREMIUM_PLUS", "P1");
    private static readonly Instant Start = Instant.FromUtc(2026, 12, 1, 8, 0);

    /// <summary>A P1 acknowledged after <paramref name="responseMinutes"/> and resolved after <paramref name="resolutionMinutes"/> (null: still open).</summary>
    private static CaseClock Case(int responseMinutes, int? resolutionMinutes, int customerMinutes = 0)
    {
        var moments = new List<CaseMoment>
        {
            new(1, Start, "SUBMITTED", ClockHolder.Vendor, false, false),
            new(2, Start + Duration.FromMinutes(responseMinutes), "ACKNOWLEDGED", ClockHolder.Vendor, true, true),
        };
        if (customerMinutes > 0)
        {
            moments.Add(new(3, Start + Duration.FromMinutes(responseMinutes), "AWAITING_CUSTOMER", ClockHolder.Customer, true, true));
            moments.Add(new(4, Start + Duration.FromMinutes(responseMinutes + customerMinutes), "IN_PROGRESS", ClockHolder.Vendor, true, true));
        }
        if (resolutionMinutes is { } resolved)
        {
            moments.Add(new(5, Start + Duration.FromMinutes(resolved + customerMinutes), "RESOLVED", ClockHolder.None, true, true));
        }
        return SlaClockCalculator.Compute(moments, P1, AllDay, Start + Duration.FromHours(30));
    }

    [Fact]
    public void CountsSharesPercentilesAndAttribution()
    {
        var report = SlaReport.Build(
        [
            ("P1", Case(10, 60)),
            ("P1", Case(20, 120, customerMinutes: 90)),
            ("P1", Case(40, 300)),
            ("P1", Case(25, null)),
        ]);

        Assert.Equal(4, report.Cases);
        var response = report.Lines.Single(line => line.Target == SlaTargetKind.Response);
        Assert.Equal((3, 1, 0, 0), (response.Met, response.Breached, response.Pending, response.Cancelled));
        Assert.Equal(75.0, response.MetPercent);
        Assert.Equal(25.0, response.BreachedPercent);
        // Reached after 10, 20, 25 and 40 minutes: the median (nearest rank) is 20, the 90th percentile 40.
        Assert.Equal(Duration.FromMinutes(20), response.Median);
        Assert.Equal(Duration.FromMinutes(40), response.Percentile90);

        var resolution = report.Lines.Single(line => line.Target == SlaTargetKind.Resolution);
        // 60 and 120 business minutes are within 4 hours, 300 is not; one is still open (and late after 30 h).
        Assert.Equal((2, 2, 0), (resolution.Met, resolution.Breached, resolution.Pending));
        Assert.Equal(Duration.FromMinutes(120), resolution.Median);

        // The customer held the second case for 90 minutes: that delay is theirs.
        Assert.Equal(Duration.FromMinutes(90), report.TotalAttribution.Customer);
        Assert.Equal(Duration.FromMinutes(60 + 120 + 300 + 30 * 60), report.TotalAttribution.Vendor);
    }

    [Fact]
    public void NothingDecidedYet_HasNoShares()
    {
        var open = SlaClockCalculator.Compute([new CaseMoment(1, Start, "SUBMITTED", ClockHolder.Vendor, false, false)], P1, AllDay, Start + Duration.FromMinutes(10));

        var response = SlaReport.Build([("P1", open)]).Lines.Single(line => line.Target == SlaTargetKind.Response);

        Assert.Equal((0, 0, 1), (response.Met, response.Breached, response.Pending));
        Assert.Null(response.MetPercent);
        Assert.Null(response.Median);
    }
}
