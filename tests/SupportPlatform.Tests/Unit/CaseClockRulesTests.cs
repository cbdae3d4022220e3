extern alias cases;

using cases::SupportPlatform.Cases.Domain;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Cases.V1;

namespace SupportPlatform.Tests.Unit;

/// <summary>Whose move a case is: the SLA clock's holder.</summary>
public sealed class CaseClockRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(CaseStatus.Submitted, false, "VENDOR")]
    [InlineData(CaseStatus.Acknowledged, false, "VENDOR")]
    [InlineData(CaseStatus.InProgress, false, "VENDOR")]
    [InlineData(CaseStatus.AwaitingCustomer, false, "CUSTOMER")]
    [InlineData(CaseStatus.ReturnedToCustomer, false, "CUSTOMER")]
    [InlineData(CaseStatus.Resolved, false, "NONE")]
    [InlineData(CaseStatus.Closed, false, "NONE")]
    [InlineData(CaseStatus.Withdrawn, false, "NONE")]
    // A system-access request waiting for the customer's decision makes it the customer's move.
    [InlineData(CaseStatus.Submitted, true, "CUSTOMER")]
    [InlineData(CaseStatus.InProgress, true, "CUSTOMER")]
    [InlineData(CaseStatus.AwaitingCustomer, true, "CUSTOMER")]
    [InlineData(CaseStatus.Resolved, true, "NONE")]
    public void ClockHolder_FollowsTheStoredCaseState(CaseStatus status, bool accessRequestPending, string holder) =>
        Assert.Equal(holder, ClockHolders.Of(status, accessRequestPending));

    [Fact]
    public void Snapshot_SaysWhenItChanged_AndWhoHoldsTheClock()
    {
        var record = Case(CaseStatus.InProgress);
        var working = record.ToSnapshot(Now);
        record.AccessRequestPending = true;
        var accessAsked = record.ToSnapshot(Now.AddMinutes(5));

        Assert.Equal((Now, "VENDOR"), (working.ChangedAt, working.ClockHolder));
        Assert.Equal((Now.AddMinutes(5), "CUSTOMER"), (accessAsked.ChangedAt, accessAsked.ClockHolder));
        Assert.Null(accessAsked.ThirdParty);
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
