using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Tests.Unit;

public sealed class BuildingBlocksTests
{
    [Fact]
    public void ProtoEnums_UseTheShortNames_BothWays()
    {
        Assert.Equal("L1_AGENT", ProtoEnums.Name(Role.L1Agent));
        Assert.Equal("PREMIUM_PLUS", ProtoEnums.Name(SupportPlan.PremiumPlus));
        Assert.Equal("RETURNED_TO_CUSTOMER", ProtoEnums.Name(CaseStatus.ReturnedToCustomer));
        Assert.Equal("", ProtoEnums.Name(CaseStatus.Unspecified));
        Assert.Equal(CaseStatus.AwaitingCustomer, ProtoEnums.Parse<CaseStatus>("AWAITING_CUSTOMER"));
        Assert.Equal(CaseStatus.Unspecified, ProtoEnums.Parse<CaseStatus>("NOPE"));
        Assert.False(ProtoEnums.IsSet((Priority)42));
        Assert.False(ProtoEnums.IsSet(Priority.Unspecified));
        Assert.True(ProtoEnums.IsSet(Priority.P4));
    }

    [Fact]
    public void PageToken_RoundTrips_AndRejectsForgeries()
    {
        var violations = new Violations();
        var page = PageToken.Read(10, PageToken.Write(1234), violations);

        Assert.False(violations.Any);
        Assert.Equal(new PageToken.Page(10, 1234), page);
        Assert.Equal(PageToken.DefaultSize, PageToken.Read(0, "", violations).Size);

        PageToken.Read(101, "not-a-token", violations);
        Assert.Equal(["page_size", "page_token"],
            Assert.Throws<ValidationException>(violations.ThrowIfAny).Violations.Select(v => v.Field));
    }
}
