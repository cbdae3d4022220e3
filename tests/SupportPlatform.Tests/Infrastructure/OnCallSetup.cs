using SupportPlatform.Escalation.V1;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Infrastructure;

/// <summary>Who is on call in the tests' stacks.</summary>
public static class OnCallSetup
{
    /// <summary>The Premium Plus 24x7 schedule migration 0003 of the escalation service seeds.</summary>
    public const string SeededSchedule = "00000000-0000-4000-8000-000000024007";

    /// <summary>Puts <paramref name="people"/> in the seeded schedule: daily turns handed over at 09:00 in Amsterdam from 1 December 2026.</summary>
    public static async Task<OnCallSchedule> RotateAsync(ServiceStack stack, string admin, params SignedIn[] people)
    {
        var seeded = (await stack.OnCall.GetScheduleAsync(new GetScheduleRequest { ScheduleId = SeededSchedule }, Bearer(admin))).Schedule;
        return (await stack.OnCall.UpdateScheduleAsync(new UpdateScheduleRequest
        {
            ScheduleId = SeededSchedule,
            Name = seeded.Name,
            TimeZone = "Europe/Amsterdam",
            ExpectedVersion = seeded.Version,
            Layers =
            {
                new OnCallLayer
                {
                    Name = "Engineers", ParticipantIds = { people.Select(person => person.Person.PersonId) },
                    RotationHours = 24, HandoffTime = "09:00", StartDate = "2026-12-01",
                },
            },
        }, Bearer(admin))).Schedule;
    }
}
