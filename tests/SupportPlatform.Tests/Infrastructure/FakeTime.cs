using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Infrastructure;

/// <summary>
/// Helpers of the tests whose stack runs on a <see cref="FakeTimeProvider"/>: the test moves time
/// instead of waiting for it, and polls only for work the services do on their own.
/// </summary>
public static class FakeTime
{
    public const string Password = "a-long-test-password";

    /// <summary>Moves the clock a step at a time until the condition holds, at most <paramref name="steps"/> steps.</summary>
    public static async Task AdvanceUntilAsync(FakeTimeProvider clock, TimeSpan step, int steps, Func<Task<bool>> condition, string description)
    {
        for (var taken = 0; taken <= steps; taken++)
        {
            // Each step fires whatever timers fell due; give the work they start a moment to finish.
            var settled = DateTime.UtcNow.AddSeconds(2);
            do
            {
                if (await condition())
                {
                    return;
                }
                await Task.Delay(50);
            }
            while (DateTime.UtcNow < settled);
            clock.Advance(step);
        }
        Assert.Fail($"{description} did not happen within {steps} steps of {step}.");
    }

    /// <summary>Polls (without moving the clock) for work the services do on their own, e.g. consuming an event.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string description)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < until)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail($"{description} did not happen within 20 s.");
    }

    /// <summary>A valid case whose problem started an hour before the fake clock's now.</summary>
    public static SubmitCaseRequest CaseAt(FakeTimeProvider clock, Priority priority)
    {
        var request = ValidCase(priority);
        request.Details.StartedAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddHours(-1));
        return request;
    }

    /// <summary>A fresh token on the stack's clock (tokens live 15 minutes).</summary>
    public static async Task<string> SignInAsync(ServiceStack stack, SignedIn person) =>
        (await stack.Tokens.IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.Password, Username = person.Person.Email, Password = Password })).AccessToken;

    /// <summary>How many integration events of <paramref name="eventType"/> about the case the escalation service wrote to its outbox.</summary>
    public static Task<long> RaisedAsync(ServiceStack stack, string eventType, string caseId) => Sql.CountAsync(stack.DatabaseFile("escalationdb"),
        $"SELECT COUNT(*) FROM outbox_messages WHERE message_type = '{eventType}' AND payload LIKE '%' || @p || '%'", caseId);
}
