using SupportPlatform.BuildingBlocks.Security;

namespace SupportPlatform.Tests.Unit;

public sealed class CallerTests
{
    [Fact]
    public void ToString_ShowsWhoCalls_ButNeverTheAccessToken()
    {
        var caller = new Caller(Guid.NewGuid(), Guid.NewGuid(), Caller.VendorParty, new HashSet<string> { Roles.L2Engineer }, false, "eyJhbGciOi.secret-token.signature");

        var text = caller.ToString();

        Assert.Contains(caller.SubjectId.ToString(), text);
        Assert.Contains(Roles.L2Engineer, text);
        Assert.DoesNotContain("secret-token", text);
    }
}
