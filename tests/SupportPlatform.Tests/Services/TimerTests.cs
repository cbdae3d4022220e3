using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Infrastructure.FakeTime;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// The timers — auto-close and the reopen window, the readiness sweep, key rotation — on stacks
/// of their own whose identity and case services share one <see cref="FakeTimeProvider"/>: the
/// test moves time instead of waiting for it. (Polling remains only for the asynchronous work a
/// timer starts, never for time to pass.)
/// </summary>
public sealed class TimerTests
{
    [Fact]
    public async Task QuietResolvedCase_ClosesByItself_EvenAcrossARestart_AndReopeningIsLimitedToTheWindow()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await ServiceStack.StartAsync(broker, clock: clock, settings: new Dictionary<string, string?>
        {
            ["Cases:AutoCloseQuietPeriod"] = "2.00:00:00",
            ["Cases:AutoCloseSweepInterval"] = "00:01:00",
            ["Cases:ReopenWindow"] = "1.00:00:00",
        });
        // Start the fake clock at the real time now that the stack is up, so tokens are current.
        clock.SetUtcNow(DateTimeOffset.UtcNow);
        var organization = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddYears(1));
        var engineer = await stack.CreateVendorEngineerAsync();

        async Task<Case> ResolvedAsync()
        {
            var c = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P4, CaseType.Question), Bearer(agent.Token))).Case;
            c = (await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = c.CaseId, Version = c.Version }, Bearer(engineer.Token))).Case;
            return (await stack.Cases.ResolveCaseAsync(new ResolveCaseRequest
            {
                CaseId = c.CaseId, Version = c.Version, ResolutionSummary = "Answered in the knowledge base.",
            }, Bearer(engineer.Token))).Case;
        }

        var late = await ResolvedAsync();
        var quiet = await ResolvedAsync();
        // The service goes down while the quiet period runs, and comes back.
        await stack.RestartCasesAsync();

        // A day and an hour later: past the reopen window, not yet quiet long enough.
        clock.Advance(TimeSpan.FromHours(25));
        var token = await SignInAsync(stack, agent);
        var tooLate = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.ReopenCaseAsync(new ReopenCaseRequest
        {
            CaseId = late.CaseId, Version = late.Version, Reason = "It happened again.",
        }, Bearer(token)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, tooLate.StatusCode);
        Assert.Contains("can be reopened for", tooLate.Status.Detail);
        Assert.Equal(CaseStatus.Resolved, (await stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = quiet.CaseId }, Bearer(token))).Case.Status);

        // Two days after resolution the next sweep closes it.
        clock.Advance(TimeSpan.FromHours(23));
        token = await SignInAsync(stack, agent);
        await AdvanceUntilAsync(clock, TimeSpan.FromMinutes(1), 5,
            async () => (await stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = quiet.CaseId }, Bearer(token))).Case.Status == CaseStatus.Closed,
            "the quiet case closing by itself");
        var history = (await stack.Cases.ListCaseHistoryAsync(new ListCaseHistoryRequest { CaseId = quiet.CaseId }, Bearer(token))).Entries;
        var entry = Assert.Single(history, e => e.Action == "auto_closed");
        Assert.Equal((Party.System, "RESOLVED", "CLOSED"), (entry.ActorParty, entry.Of("status")!.OldValue, entry.Of("status")!.NewValue));
        Assert.Equal("", entry.ActorId);
        Assert.Contains(history, e => e.Action == "comment_added" && e.Text == "Closed automatically after 2 quiet days.");
    }

    [Fact]
    public async Task IdentityTimers_TheReadinessSweepNoticesAnExpiredTraining_AndKeysRotateAndRetireOnSchedule()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await ServiceStack.StartAsync(broker, clock: clock, settings: new Dictionary<string, string?>
        {
            ["Identity:Readiness:Interval"] = "00:01:00",
            ["Identity:Tokens:RotationInterval"] = "01:00:00",
        });
        clock.SetUtcNow(DateTimeOffset.UtcNow);
        var organization = await stack.CreateCustomerAsync();
        var customerAdmin = await stack.CreatePersonAsync(organization.OrganizationId, Role.CustomerAdmin);
        await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddYears(1));
        await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddMinutes(30));
        // A second customer whose training lapses five sweeps later: its drop proves later sweeps ran.
        var later = await stack.CreateCustomerAsync();
        await stack.CreatePersonAsync(later.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddYears(1));
        await stack.CreatePersonAsync(later.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddMinutes(36));
        var firstKid = new JsonWebToken(customerAdmin.Token).Kid;
        var readiness = new GetSupportReadinessRequest { OrganizationId = organization.OrganizationId };
        Assert.True((await stack.Organizations.GetSupportReadinessAsync(readiness, Bearer(customerAdmin.Token))).Compliant);
        Task<long> DropsAsync(string organizationId) => Sql.CountAsync(stack.DatabaseFile("identitydb"),
            "SELECT COUNT(*) FROM outbox_messages WHERE message_type = 'SupportReadinessDropped' AND payload LIKE '%' || @p || '%'", organizationId);

        // The training expires without any write; the sweep that follows notices, once.
        clock.Advance(TimeSpan.FromMinutes(31));
        await AdvanceUntilAsync(clock, TimeSpan.FromMinutes(1), 5, async () => await DropsAsync(organization.OrganizationId) == 1, "the readiness drop");
        // Minute by minute until the other customer's drop: every sweep in between re-counted the
        // first customer too, and found the count already known.
        await AdvanceUntilAsync(clock, TimeSpan.FromMinutes(1), 10, async () => await DropsAsync(later.OrganizationId) == 1, "the later customer's drop");
        Assert.Equal(1, await DropsAsync(organization.OrganizationId));
        // So does a write that re-counts.
        var admin = await SignInAsync(stack, customerAdmin);
        await stack.People.UpdateContactDetailsAsync(new UpdateContactDetailsRequest
        {
            PersonId = customerAdmin.Person.PersonId, Email = customerAdmin.Person.Email, Phone = "+31209876543",
        }, Bearer(admin));
        Assert.Equal(1, await DropsAsync(organization.OrganizationId));
        Assert.False((await stack.Organizations.GetSupportReadinessAsync(readiness, Bearer(admin))).Compliant);

        // An hour after the first key began signing, maintenance rotates it ...
        clock.Advance(TimeSpan.FromMinutes(30));
        await AdvanceUntilAsync(clock, TimeSpan.FromMinutes(1), 5,
            async () => new JsonWebToken(await SignInAsync(stack, customerAdmin)).Kid != firstKid, "the scheduled rotation");
        // ... and once every token it signed has expired (15 min + skew + refresh), retires it.
        clock.Advance(TimeSpan.FromMinutes(16));
        await AdvanceUntilAsync(clock, TimeSpan.FromMinutes(1), 5,
            async () => !(await PublishedKeyIdsAsync(stack)).Contains(firstKid), "the retirement of the first key");
        Assert.Equal(1, await Sql.CountAsync(stack.DatabaseFile("identitydb"),
            "SELECT COUNT(*) FROM signing_keys WHERE key_status = 'RETIRED' AND key_id = @p", firstKid));
    }

    private static async Task<List<string>> PublishedKeyIdsAsync(ServiceStack stack)
    {
        var response = await stack.Tokens.GetJwksAsync(new GetJwksRequest());
        using var document = JsonDocument.Parse(response.JwksJson);
        return document.RootElement.GetProperty("keys").EnumerateArray().Select(key => key.GetProperty("kid").GetString()!).ToList();
    }
}
