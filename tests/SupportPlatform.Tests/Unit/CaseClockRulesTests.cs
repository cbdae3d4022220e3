extern alias cases;

using cases::SupportPlatform.Cases.Domain;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Cases.V1;

namespace SupportPlatform.Tests.Unit;

/// <summary>Whose move a case is (the SLA clock's holder), and the vendor's third-party wait marker.</summary>
public sealed class CaseClockRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(CaseStatus.Submitted, false, null, "VENDOR")]
    [InlineData(CaseStatus.Acknowledged, false, null, "VENDOR")]
    [InlineData(CaseStatus.InProgress, false, null, "VENDOR")]
    [InlineData(CaseStatus.AwaitingCustomer, false, null, "CUSTOMER")]
    [InlineData(CaseStatus.ReturnedToCustomer, false, null, "CUSTOMER")]
    [InlineData(CaseStatus.Resolved, false, null, "NONE")]
    [InlineData(CaseStatus.Closed, false, null, "NONE")]
    [InlineData(CaseStatus.Withdrawn, false, null, "NONE")]
    // A system-access request waiting for the customer's decision makes it the customer's move.
    [InlineData(CaseStatus.Submitted, true, null, "CUSTOMER")]
    [InlineData(CaseStatus.InProgress, true, null, "CUSTOMER")]
    [InlineData(CaseStatus.Resolved, true, null, "NONE")]
    // A third-party wait counts only while the case is otherwise the vendor's.
    [InlineData(CaseStatus.Acknowledged, false, "Microsoft", "THIRD_PARTY")]
    [InlineData(CaseStatus.InProgress, false, "Microsoft", "THIRD_PARTY")]
    [InlineData(CaseStatus.AwaitingCustomer, false, "Microsoft", "CUSTOMER")]
    [InlineData(CaseStatus.InProgress, true, "Microsoft", "CUSTOMER")]
    [InlineData(CaseStatus.Resolved, false, "Microsoft", "NONE")]
    public void ClockHolder_FollowsTheStoredCaseState(CaseStatus status, bool accessRequestPending, string? thirdParty, string holder) =>
        Assert.Equal(holder, ClockHolders.Of(status, accessRequestPending, thirdParty));

    [Fact]
    public void Snapshot_SaysWhenItChanged_WhoHoldsTheClock_AndTheThirdPartyOnlyWhileItHoldsIt()
    {
        var record = Case(CaseStatus.InProgress);
        ThirdPartyWait.Start(record, "  Microsoft ", Now);

        var waiting = record.ToSnapshot(Now);
        record.Status = ProtoEnums.Name(CaseStatus.AwaitingCustomer);
        var askingCustomer = record.ToSnapshot(Now.AddMinutes(5));

        Assert.Equal((Now, "THIRD_PARTY", "Microsoft"), (waiting.ChangedAt, waiting.ClockHolder, waiting.ThirdParty));
        Assert.Equal((Now.AddMinutes(5), "CUSTOMER", (string?)null), (askingCustomer.ChangedAt, askingCustomer.ClockHolder, askingCustomer.ThirdParty));
        // The marker itself stays while the customer is asked.
        Assert.Equal(("Microsoft", Now), (record.ToProto().ThirdParty, record.ToProto().ThirdPartyWaitSince.ToDateTimeOffset()));
    }

    [Fact]
    public void ThirdPartyWait_OneAtATime_AndOnlyEndedWhenRecorded()
    {
        var record = Case(CaseStatus.InProgress);

        var notWaiting = Assert.Throws<PreconditionException>(() => ThirdPartyWait.End(record));
        var started = ThirdPartyWait.Start(record, "Microsoft", Now);
        var twice = Assert.Throws<PreconditionException>(() => ThirdPartyWait.Start(record, "SIP trunk provider", Now));
        var ended = ThirdPartyWait.End(record);

        Assert.Equal("THIRD_PARTY_WAIT", notWaiting.Type);
        Assert.Equal("THIRD_PARTY_WAIT", twice.Type);
        Assert.Contains("Microsoft", twice.Message);
        Assert.Equal(new HistoryChange("third_party_wait_started", "third_party", null, "Microsoft"), started);
        Assert.Equal(new HistoryChange("third_party_wait_ended", "third_party", "Microsoft", null), ended);
        Assert.Null(record.ThirdParty);
        Assert.Null(record.ThirdPartySince);
    }

    [Theory]
    [InlineData(CaseStatus.Acknowledged, false)]
    [InlineData(CaseStatus.InProgress, false)]
    [InlineData(CaseStatus.AwaitingCustomer, false)]
    [InlineData(CaseStatus.Resolved, true)]
    [InlineData(CaseStatus.Withdrawn, true)]
    [InlineData(CaseStatus.ReturnedToCustomer, true)]
    public void ThirdPartyWait_EndsByItself_WhenTheCaseLeavesTheVendorsWork(CaseStatus movedTo, bool ends)
    {
        var record = Case(CaseStatus.InProgress);
        ThirdPartyWait.Start(record, "Microsoft", Now);
        record.Status = ProtoEnums.Name(movedTo);

        var entry = ThirdPartyWait.EndIfOver(record);

        Assert.Equal(ends, entry is not null);
        Assert.Equal(ends ? null : "Microsoft", record.ThirdParty);
        Assert.Null(ThirdPartyWait.EndIfOver(Case(movedTo)));
    }

    private static CaseRecord Case(CaseStatus status) => new()
    {
        Id = Guid.NewGuid(),
        OrganizationId = Guid.NewGuid(),
        SubmitterId = Guid.NewGuid(),
        Status = ProtoEnums.Name(status),
        Version = 3,
        Plan = "PREMIUM",
        Title = "Inbound calls drop",
        Type = "INCIDENT",
        Priority = "P2",
        Details = "{}",
        CreatedAt = Now.AddHours(-1),
        UpdatedAt = Now,
    };
}
