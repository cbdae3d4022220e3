using Grpc.Core;
using SupportPlatform.Cases.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>Auto-close and the reopen window, on a stack of their own with short periods.</summary>
public sealed class CaseTimersTests
{
    [Fact]
    public async Task QuietResolvedCase_ClosesByItself_EvenAcrossARestart_AndReopeningIsLimitedToTheWindow()
    {
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await ServiceStack.StartAsync(broker, settings: new Dictionary<string, string?>
        {
            // Long enough that the reopen attempt below (about 4 s after resolution) meets a
            // RESOLVED case, not one already closed.
            ["Cases:AutoCloseQuietPeriod"] = "00:00:07",
            ["Cases:AutoCloseSweepInterval"] = "00:00:01",
            ["Cases:ReopenWindow"] = "00:00:02",
        });
        var organization = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
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

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var tooLate = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.ReopenCaseAsync(new ReopenCaseRequest
        {
            CaseId = late.CaseId, Version = late.Version, Reason = "It happened again.",
        }, Bearer(agent.Token)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, tooLate.StatusCode);
        Assert.Contains("can be reopened for", tooLate.Status.Detail);

        Case? closed = null;
        await WaitUntilAsync(async () =>
        {
            closed = (await stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = quiet.CaseId }, Bearer(agent.Token))).Case;
            return closed.Status == CaseStatus.Closed;
        }, TimeSpan.FromSeconds(20), "the quiet case closes by itself");
        var history = (await stack.Cases.ListCaseHistoryAsync(new ListCaseHistoryRequest { CaseId = quiet.CaseId }, Bearer(agent.Token))).Entries;
        var entry = Assert.Single(history, e => e.Action == "auto_closed");
        Assert.Equal(("SYSTEM", ""), (entry.ActorParty, entry.ActorId));
    }
}
