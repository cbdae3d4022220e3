extern alias identity;

using identity::SupportPlatform.Identity.Domain;

namespace SupportPlatform.Tests.Unit;

public sealed class IdentityRulesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly OrganizationRecord Customer = new() { Id = Guid.NewGuid(), Kind = OrganizationKinds.Customer };

    private static PersonRecord Agent() => new()
    {
        Id = Guid.NewGuid(),
        OrganizationId = Customer.Id,
        Email = "l1@example.com",
        Phone = "+31201234567",
        Roles = "L1_AGENT",
        Active = true,
        TrainingExpiresAt = Now.AddDays(30),
    };

    [Fact]
    public void ActiveTrainedL1AgentWithContacts_IsAuthorised() => Assert.Empty(SubmitterRules.Check(Agent(), Customer, Now));

    public static TheoryData<string, Action<PersonRecord>> Problems() => new()
    {
        { "deactivated", p => p.Active = false },
        { "L1_AGENT", p => p.Roles = "CUSTOMER_ADMIN" },
        { "phone", p => p.Phone = null },
        { "e-mail", p => p.Email = "" },
        { "no recorded L1 training", p => p.TrainingExpiresAt = null },
        { "expired", p => p.TrainingExpiresAt = Now.AddMinutes(-1) },
        { "does not belong", p => p.OrganizationId = Guid.NewGuid() },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void EachMissingCondition_IsReportedWithAReason(string reason, Action<PersonRecord> spoil)
    {
        var person = Agent();
        spoil(person);

        Assert.Contains(SubmitterRules.Check(person, Customer, Now), text => text.Contains(reason));
    }

    [Fact]
    public void Passwords_VerifyOnlyWithTheRightPassword()
    {
        var hash = Secrets.HashPassword("correct horse battery");

        Assert.StartsWith("pbkdf2-sha512$210000$", hash);
        Assert.DoesNotContain("correct horse battery", hash);
        Assert.True(Secrets.VerifyPassword("correct horse battery", hash));
        Assert.False(Secrets.VerifyPassword("correct horse batterY", hash));
        Assert.False(Secrets.VerifyPassword("anything", null));
        Assert.NotEqual(hash, Secrets.HashPassword("correct horse battery"));
    }

    [Fact]
    public void ClientSecrets_AreRandomAndVerify()
    {
        var secret = Secrets.NewClientSecret();

        Assert.NotEqual(secret, Secrets.NewClientSecret());
        Assert.True(Secrets.VerifyClientSecret(secret, Secrets.HashClientSecret(secret)));
        Assert.False(Secrets.VerifyClientSecret(secret + "x", Secrets.HashClientSecret(secret)));
    }
}
