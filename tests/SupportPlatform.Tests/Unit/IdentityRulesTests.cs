extern alias identity;

using identity::SupportPlatform.Identity.Domain;
using SupportPlatform.Common.V1;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Identity.V1;

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

    [Fact]
    public void EventCalendar_NumbersWeekdaysTheIsoWay_AndKeepsEveryHolidayWithItsYearlyFlag()
    {
        var days = Enum.GetValues<Weekday>().Where(day => day != Weekday.Unspecified).ToList();
        var calendar = new BusinessCalendar
        {
            WorkingHours = { days.Select(day => new WorkingHours { Day = day, Start = "09:00", End = "17:30" }) },
            Holidays =
            {
                new Holiday { Date = "2024-02-29", Name = "Leap day", Yearly = true },
                new Holiday { Date = "2026-12-25", Name = "Christmas Day", Yearly = true },
                new Holiday { Date = "2026-12-25", Name = "Office move" },
            },
        };
        // ISO 8601 numbers Monday 1 to Sunday 7; DayOfWeek numbers Sunday 0.
        static int Iso(DayOfWeek day) => day == DayOfWeek.Sunday ? 7 : (int)day;

        var converted = ContractRules.EventCalendar(ContractRules.ReadCalendar(ContractRules.WriteCalendar(calendar)));

        Assert.Equal(days.Select(day => Iso(Enum.Parse<DayOfWeek>(day.ToString()))), converted.WorkingHours.Select(hours => hours.Day));
        Assert.All(converted.WorkingHours, hours => Assert.Equal(("09:00", "17:30"), (hours.Start, hours.End)));
        Assert.Equal(
            [new ContractHoliday("2024-02-29", "Leap day", true), new ContractHoliday("2026-12-25", "Christmas Day", true), new ContractHoliday("2026-12-25", "Office move", false)],
            converted.Holidays);
        Assert.Empty(ContractRules.CalendarProblems(calendar, "calendar"));
    }
}
