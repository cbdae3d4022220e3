using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Rca.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Infrastructure.FakeTime;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// RCA and action due times on a stack of its own whose services share one
/// <see cref="FakeTimeProvider"/>: the test moves time instead of waiting for it.
/// </summary>
public sealed class RcaOverdueTests
{
    /// <summary>Tuesday 1 December 2026, 09:00 UTC.</summary>
    private static readonly DateTimeOffset TuesdayMorning = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// How often the RCA's timer raised the event: its history entry is written in the transaction
    /// that marks the timer and puts the event in the outbox (whose sent rows the retention removes
    /// as the clock runs on for days).
    /// </summary>
    private static Task<long> RaisedAsync(ServiceStack stack, string eventType, string rcaId) => Sql.CountAsync(stack.DatabaseFile("rcadb"),
        $"SELECT COUNT(*) FROM rca_history WHERE action = '{(eventType == "RcaOverdue" ? "overdue" : "action_overdue")}' AND rca_id = @p", rcaId);

    [Fact]
    public async Task AnOverdueRcaAndAnOverdueAction_AreEachRaisedOncePerDueTime_AndListedAsOverdue()
    {
        var clock = new FakeTimeProvider(TuesdayMorning);
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await ServiceStack.StartAsync(broker, clock: clock);
        var customer = await stack.CreateCustomerAsync(SupportPlan.PremiumPlus);
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();

        var submitted = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P1), Bearer(agent.Token))).Case;
        var acknowledged = (await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version }, Bearer(engineer.Token))).Case;
        await stack.Cases.ResolveCaseAsync(new ResolveCaseRequest
        {
            CaseId = submitted.CaseId, Version = acknowledged.Version, ResolutionSummary = "The SIP trunk provider restored the route.", Cause = CauseAttribution.SipTrunk,
        }, Bearer(engineer.Token));
        SupportPlatform.Rca.V1.Rca? rca = null;
        await EventuallyAsync(async () =>
        {
            rca = (await stack.Rcas.ListRcasAsync(new ListRcasRequest { CaseId = submitted.CaseId }, Bearer(agent.Token))).Rcas.SingleOrDefault();
            return rca is not null;
        }, "the RCA exists");

        // Premium Plus: five business days in the customer's calendar (Monday to Friday 09:00-17:00 in Amsterdam): Tuesday 8 December, 17:00 local.
        Assert.Equal((Party.Customer, false), (rca!.Owner, rca.Overdue));
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 17, 0, 0, TimeSpan.FromHours(1)), rca.DueAt.ToDateTimeOffset());

        // Thursday 3 December becomes a holiday: the due time moves a business day later.
        var admin = await stack.AdminTokenAsync();
        var contract = (await stack.Organizations.GetOrganizationAsync(new GetOrganizationRequest { OrganizationId = customer.OrganizationId }, Bearer(admin))).Organization.Contract;
        var edited = contract.Clone();
        edited.Calendar.Holidays.Add(new Holiday { Date = "2026-12-03", Name = "Company day" });
        await stack.Organizations.UpdateContractAsync(new UpdateContractRequest
        {
            OrganizationId = customer.OrganizationId, Contract = edited, ExpectedVersion = contract.Version,
        }, Bearer(admin));
        await EventuallyAsync(async () =>
            (rca = (await stack.Rcas.GetRcaAsync(new GetRcaRequest { RcaId = rca.RcaId }, Bearer(agent.Token))).Rca).DueAt.ToDateTimeOffset()
                == new DateTimeOffset(2026, 12, 9, 17, 0, 0, TimeSpan.FromHours(1)),
            "the due time follows the calendar");

        var added = await stack.Rcas.AddRcaActionAsync(new AddRcaActionRequest
        {
            RcaId = rca.RcaId, ExpectedVersion = rca.Version,
            Action = new RcaAction
            {
                Type = ActionType.Corrective, Description = "Add a second SIP trunk route.", OwnerParty = Party.Customer, OwnerPersonId = agent.Person.PersonId,
                DueAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddDays(1)),
            },
        }, Bearer(agent.Token));

        // The action falls due first: raised once, however long time runs on before the RCA's own due time.
        var step = TimeSpan.FromHours(12);
        await AdvanceUntilAsync(clock, step, 4, async () => await RaisedAsync(stack, "RcaActionOverdue", rca.RcaId) == 1, "the overdue action is raised");
        Assert.Equal(0, await RaisedAsync(stack, "RcaOverdue", rca.RcaId));
        await AdvanceUntilAsync(clock, step, 20, async () => await RaisedAsync(stack, "RcaOverdue", rca.RcaId) == 1, "the overdue RCA is raised");
        clock.Advance(step);
        clock.Advance(step);
        await Task.Delay(1000);
        Assert.Equal(1, await RaisedAsync(stack, "RcaActionOverdue", rca.RcaId));
        Assert.Equal(1, await RaisedAsync(stack, "RcaOverdue", rca.RcaId));

        var token = await SignInAsync(stack, agent);
        var overdue = (await stack.Rcas.ListRcasAsync(new ListRcasRequest { OverdueOnly = true, PageSize = 100 }, Bearer(token))).Rcas;
        Assert.Equal([rca.RcaId], overdue.Select(shown => shown.RcaId));
        Assert.True(overdue[0].Overdue);
        Assert.True(overdue[0].Actions.Single().Overdue);
        await EventuallyAsync(async () =>
        {
            var mine = (await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest { PageSize = 100 }, Bearer(token))).Notifications;
            return mine.Count(n => n.RcaId == rca.RcaId && n.EventType is "RcaOverdue" or "RcaActionOverdue") == 2;
        }, "the agent is told of both, once each");

        // A due time moved ahead re-arms its timer: the action is raised again when it passes.
        var action = overdue[0].Actions.Single();
        action.DueAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddDays(1));
        await stack.Rcas.UpdateRcaActionAsync(new UpdateRcaActionRequest { RcaId = rca.RcaId, ExpectedVersion = overdue[0].Version, Action = action }, Bearer(token));
        await AdvanceUntilAsync(clock, step, 4, async () => await RaisedAsync(stack, "RcaActionOverdue", rca.RcaId) == 2, "the moved action is raised again");
        Assert.Equal(1, await RaisedAsync(stack, "RcaOverdue", rca.RcaId));
        Assert.Equal(added.Action.ActionId, action.ActionId);
    }
}
