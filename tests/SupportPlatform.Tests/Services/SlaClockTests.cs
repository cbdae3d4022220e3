using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Escalation.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Infrastructure.FakeTime;
using static SupportPlatform.Tests.Shared.SupportClients;
using Duration = Google.Protobuf.WellKnownTypes.Duration;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// SLA clocks on stacks of their own whose identity, case and escalation services share one
/// <see cref="FakeTimeProvider"/>: the test moves time instead of waiting for it. The customers
/// are in Europe/Amsterdam (UTC+1 in December) with the default calendar, Monday to Friday
/// 09:00-17:00.
/// </summary>
public sealed class SlaClockTests
{
    /// <summary>Tuesday 1 December 2026, 09:00 in Amsterdam.</summary>
    private static readonly DateTimeOffset TuesdayMorning = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Amsterdam(int day, int hour, int minute = 0) => new(2026, 12, day, hour - 1, minute, 0, TimeSpan.Zero);

    private static async Task<ServiceStack> StartAsync(RabbitMqBroker broker, FakeTimeProvider clock) =>
        await ServiceStack.StartAsync(broker, clock: clock, settings: new Dictionary<string, string?> { ["SlaTimers:Interval"] = "00:00:10" });

    private static async Task<CaseSla?> SlaAsync(ServiceStack stack, string caseId, string token)
    {
        try
        {
            return (await stack.Slas.GetCaseSlaAsync(new GetCaseSlaRequest { CaseId = caseId }, Bearer(token))).Sla;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    [Fact]
    public async Task WarningAndBreach_AreRaisedOnceEach_AcrossARestart_AndWithTwoReplicas()
    {
        var clock = new FakeTimeProvider(TuesdayMorning);
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await StartAsync(broker, clock);
        stack.StartEscalationReplica();
        var organization = await stack.CreateCustomerAsync(SupportPlan.PremiumPlus);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddYears(1));
        var submitted = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P1), Bearer(agent.Token))).Case;
        CaseSla? sla = null;
        await EventuallyAsync(async () => (sla = await SlaAsync(stack, submitted.CaseId, agent.Token)) is not null, "the SLA record");
        Assert.Equal(Coverage._24X7, sla!.Coverage);
        var start = submitted.CreatedAt.ToDateTimeOffset();
        Assert.Equal(start.AddMinutes(30), sla.Response.DueAt.ToDateTimeOffset());
        Assert.Equal(start.AddMinutes(22.5), sla.Response.WarningAt.ToDateTimeOffset());

        // The warning at 75 % (22.5 of 30 minutes), once, although two replicas keep timers.
        clock.Advance(TimeSpan.FromMinutes(22));
        await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(10), 12,
            async () => await RaisedAsync(stack, "SlaWarningReached", submitted.CaseId) == 1, "the response warning");
        Assert.True(clock.GetUtcNow() >= start.AddMinutes(22.5));

        // The service restarts before the breach; the timer lives in its database.
        await stack.RestartEscalationAsync();
        clock.Advance(TimeSpan.FromMinutes(7));
        await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(10), 12,
            async () => await RaisedAsync(stack, "SlaBreached", submitted.CaseId) == 1, "the response breach");

        // Later passes, on both replicas, raise neither again.
        for (var minute = 0; minute < 5; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(200);
        }
        Assert.Equal(1, await RaisedAsync(stack, "SlaWarningReached", submitted.CaseId));
        Assert.Equal(1, await RaisedAsync(stack, "SlaBreached", submitted.CaseId));
        var token = await SignInAsync(stack, agent);
        sla = await SlaAsync(stack, submitted.CaseId, token);
        Assert.Equal(SupportPlatform.Escalation.V1.TargetState.Breached, sla!.Response.State);
        Assert.Equal(SlaStanding.Breached, sla.Standing);
        Assert.Equal(SupportPlatform.Escalation.V1.ClockHolder.Vendor, sla.Response.Holder);
        Assert.Equal(TimeSpan.Zero, sla.Response.Remaining.ToTimeSpan());
        // The response breach brought in the support manager, once; the case shows it.
        var escalations = await stack.Escalations.ListEscalationsAsync(new ListEscalationsRequest { CaseId = submitted.CaseId }, Bearer(token));
        var escalation = Assert.Single(escalations.Escalations);
        Assert.Equal((EscalationKind.Hierarchical, EscalationTrigger.Breach, TargetKind.Response, LadderLevel.None, LadderLevel.SupportManager),
            (escalation.Kind, escalation.Trigger, escalation.BreachedTarget, escalation.FromLevel, escalation.ToLevel));
        await EventuallyAsync(async () => (await stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = submitted.CaseId }, Bearer(token))).Case.Escalation.SupportManager,
            "the case showing the escalation");
        // Listed among the organisation's breached clocks.
        var breached = await stack.Slas.ListCaseSlasAsync(new ListCaseSlasRequest
        {
            OrganizationId = organization.OrganizationId, Standings = { SlaStanding.Breached },
        }, Bearer(token));
        Assert.Equal([submitted.CaseId], breached.Slas.Select(s => s.CaseId));
    }

    [Fact]
    public async Task Escalations_ByTheVendorAndTheCustomer_AreRecorded_LimitedPerPeriod_AndShownOnTheCase()
    {
        var clock = new FakeTimeProvider(TuesdayMorning);
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await StartAsync(broker, clock);
        var organization = await stack.CreateCustomerAsync(SupportPlan.Premium);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddYears(1));
        var engineer = await stack.CreateVendorEngineerAsync();
        var stranger = await stack.CreatePersonAsync((await stack.CreateCustomerAsync()).OrganizationId, Role.L1Agent);
        var c = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P2), Bearer(agent.Token))).Case;
        await EventuallyAsync(async () => await SlaAsync(stack, c.CaseId, agent.Token) is not null, "the SLA record");
        EscalateCaseRequest Escalate(EscalationKind kind, string reason = "Customer's contact centre is down.") => new() { CaseId = c.CaseId, Kind = kind, Reason = reason };
        async Task<RpcException> RefusedAsync(EscalateCaseRequest request, string token) =>
            await Assert.ThrowsAsync<RpcException>(() => stack.Escalations.EscalateCaseAsync(request, Bearer(token)).ResponseAsync);

        // The vendor: to L3, not twice, and always naming the kind.
        var functional = await stack.Escalations.EscalateCaseAsync(Escalate(EscalationKind.Functional, "Needs the media team."), Bearer(engineer.Token));
        Assert.Equal((LadderLevel.L2, LadderLevel.L3, EscalationTrigger.Vendor, engineer.Person.PersonId), (functional.Escalation.FromLevel, functional.Escalation.ToLevel, functional.Escalation.Trigger, functional.Escalation.ActorId));
        Assert.Equal((SupportTier.L3, false), (functional.Level.FunctionalLevel, functional.Level.SupportManager));
        var twice = await RefusedAsync(Escalate(EscalationKind.Functional), engineer.Token);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        Assert.Equal("ESCALATION_LEVEL", twice.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations.Single().Type);
        Assert.Equal(StatusCode.InvalidArgument, (await RefusedAsync(Escalate(EscalationKind.Unspecified), engineer.Token)).StatusCode);

        // The customer: hierarchical only, once a day; another customer does not see the case.
        Assert.Equal(StatusCode.InvalidArgument, (await RefusedAsync(Escalate(EscalationKind.Functional), agent.Token)).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await RefusedAsync(Escalate(EscalationKind.Unspecified), stranger.Token)).StatusCode);
        var asked = await stack.Escalations.EscalateCaseAsync(Escalate(EscalationKind.Unspecified), Bearer(agent.Token));
        Assert.Equal((EscalationKind.Hierarchical, EscalationTrigger.Customer, LadderLevel.SupportManager), (asked.Escalation.Kind, asked.Escalation.Trigger, asked.Escalation.ToLevel));
        clock.Advance(TimeSpan.FromHours(1));
        var token = await SignInAsync(stack, agent);
        var tooSoon = await RefusedAsync(Escalate(EscalationKind.Hierarchical, "Still down."), token);
        Assert.Equal(StatusCode.ResourceExhausted, tooSoon.StatusCode);
        var status = tooSoon.GetRpcStatus()!;
        Assert.Equal("ESCALATION_RATE_LIMITED", status.GetDetail<ErrorInfo>().Reason);
        Assert.Equal(TimeSpan.FromHours(23), status.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
        Assert.Equal(2, (await stack.Escalations.ListEscalationsAsync(new ListEscalationsRequest { CaseId = c.CaseId }, Bearer(token))).Escalations.Count);

        // A day after the first request the customer may ask again.
        clock.Advance(TimeSpan.FromHours(23));
        token = await SignInAsync(stack, agent);
        var again = await stack.Escalations.EscalateCaseAsync(Escalate(EscalationKind.Hierarchical, "Still down after a day."), Bearer(token));
        Assert.Equal((LadderLevel.SupportManager, LadderLevel.SupportManager), (again.Escalation.FromLevel, again.Escalation.ToLevel));

        // The case shows the level and the history each escalation.
        Case shown = null!;
        await EventuallyAsync(async () => (shown = (await stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = c.CaseId }, Bearer(token))).Case).Escalation.Count == 3,
            "the case showing three escalations");
        Assert.Equal((SupportTier.L3, true), (shown.Escalation.FunctionalLevel, shown.Escalation.SupportManager));
        Assert.Equal(c.Version, shown.Version);
        var history = (await stack.Cases.ListCaseHistoryAsync(new ListCaseHistoryRequest { CaseId = c.CaseId }, Bearer(token))).Entries
            .Where(entry => entry.Action == "escalated").Select(entry => (entry.ActorParty, Assert.Single(entry.Changes))).Select(entry => (entry.ActorParty, entry.Item2.Field, entry.Item2.OldValue, entry.Item2.NewValue)).ToList();
        Assert.Equal(
        [
            (Party.Vendor, "escalation:functional", "L2", "L3"),
            (Party.Customer, "escalation:hierarchical", "NONE", "SUPPORT_MANAGER"),
            (Party.Customer, "escalation:hierarchical", "SUPPORT_MANAGER", "SUPPORT_MANAGER"),
        ], history);
        Assert.Equal(3, await RaisedAsync(stack, "CaseEscalated", c.CaseId));
    }

    [Fact]
    public async Task BusinessHours_PauseOverAWeekend_AreAttributed_AndACalendarEditRecomputesFromWhenItChanged()
    {
        // Friday 4 December, 15:00 in Amsterdam.
        var clock = new FakeTimeProvider(Amsterdam(4, 15));
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await StartAsync(broker, clock);
        var organization = await stack.CreateCustomerAsync(SupportPlan.Standard);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddYears(1));
        var engineer = await stack.CreateVendorEngineerAsync();
        var c = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P2), Bearer(agent.Token))).Case;
        clock.Advance(TimeSpan.FromMinutes(30));
        c = (await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = c.CaseId, Version = c.Version },
            Bearer(await SignInAsync(stack, engineer)))).Case;
        clock.Advance(TimeSpan.FromMinutes(30));
        c = (await stack.Cases.RequestCustomerInfoAsync(new RequestCustomerInfoRequest
        {
            CaseId = c.CaseId, Version = c.Version, Question = "Which SBC firmware runs at the site?",
        }, Bearer(await SignInAsync(stack, engineer)))).Case;

        // Monday 7 December, 11:00: the customer answers after the weekend.
        clock.SetUtcNow(Amsterdam(7, 11));
        var token = await SignInAsync(stack, agent);
        c = (await stack.Cases.ProvideCustomerInfoAsync(new ProvideCustomerInfoRequest
        {
            CaseId = c.CaseId, Version = c.Version, Answer = "Firmware 7.4.2 on both SBCs.",
        }, Bearer(token))).Case;
        CaseSla? sla = null;
        await EventuallyAsync(async () => (sla = await SlaAsync(stack, c.CaseId, token))?.Resolution.Running == true, "the clock running again");

        var resolution = sla!.Resolution;
        Assert.Equal(Coverage.BusinessHours, sla.Coverage);
        Assert.Equal("Europe/Amsterdam", sla.TimeZone);
        // The vendor held it Friday 15:00-16:00; the customer Friday 16:00-17:00 and Monday 09:00-11:00.
        Assert.Equal(TimeSpan.FromHours(1), resolution.Attribution.Vendor.ToTimeSpan());
        Assert.Equal(TimeSpan.FromHours(3), resolution.Attribution.Customer.ToTimeSpan());
        Assert.Equal(Amsterdam(7, 11), resolution.Since.ToDateTimeOffset());
        // 24 business hours less 1: Monday 11-17 (6), Tuesday (8), Wednesday (8), Thursday 09:00-10:00.
        Assert.Equal(Amsterdam(10, 10), resolution.DueAt.ToDateTimeOffset());
        Assert.Equal("2026-12-10T10:00:00+01", resolution.DueAtLocal);
        Assert.Equal(SupportPlatform.Escalation.V1.TargetState.Met, sla.Response.State);
        // The response started the update cadence; the question and the answer each started a new cycle.
        Assert.Equal(3, sla.Update.Cycle);

        // The contract's hours become 08:00-18:00: the open clock is recomputed at once, from its start.
        var admin = await stack.AdminTokenAsync();
        var contract = (await stack.Organizations.GetOrganizationAsync(new GetOrganizationRequest { OrganizationId = organization.OrganizationId }, Bearer(admin))).Organization.Contract;
        var edited = contract.Clone();
        edited.Calendar.WorkingHours.Clear();
        foreach (var day in new[] { Weekday.Monday, Weekday.Tuesday, Weekday.Wednesday, Weekday.Thursday, Weekday.Friday })
        {
            edited.Calendar.WorkingHours.Add(new WorkingHours { Day = day, Start = "08:00", End = "18:00" });
        }
        await stack.Organizations.UpdateContractAsync(new UpdateContractRequest
        {
            OrganizationId = organization.OrganizationId, Contract = edited, ExpectedVersion = contract.Version,
        }, Bearer(admin));
        await EventuallyAsync(async () => (sla = await SlaAsync(stack, c.CaseId, token))!.RecomputeReason != "", "the recomputation");

        Assert.Equal($"calendar changed (contract version {contract.Version + 1})", sla!.RecomputeReason);
        Assert.Equal(clock.GetUtcNow(), sla.RecomputedAt.ToDateTimeOffset());
        // Now the vendor held it Friday 15:00-16:00; the customer Friday 16:00-18:00 and Monday 08:00-11:00.
        Assert.Equal(TimeSpan.FromHours(5), sla.Resolution.Attribution.Customer.ToTimeSpan());
        // 23 hours left: Monday 11-18 (7), Tuesday (10), Wednesday 08:00-14:00 (6).
        Assert.Equal(Amsterdam(9, 14), sla.Resolution.DueAt.ToDateTimeOffset());

        // The month's report says who held the case how long; another customer may not read it.
        var reportRequest = new GetSlaReportRequest
        {
            OrganizationId = organization.OrganizationId,
            From = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)),
            To = Timestamp.FromDateTimeOffset(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)),
        };
        var report = await stack.Slas.GetSlaReportAsync(reportRequest, Bearer(token));
        Assert.Equal(1, report.Cases);
        var response = report.Lines.Single(line => line is { Priority: Priority.P2, Target: TargetKind.Response });
        Assert.Equal((1, 0, 100.0), (response.Met, response.Breached, response.MetPercent));
        Assert.Equal(TimeSpan.FromMinutes(30), response.Median.ToTimeSpan());
        Assert.Equal((TimeSpan.FromHours(1), TimeSpan.FromHours(5)),
            (report.TotalAttribution.Vendor.ToTimeSpan(), report.TotalAttribution.Customer.ToTimeSpan()));
        var stranger = await stack.CreatePersonAsync((await stack.CreateCustomerAsync()).OrganizationId, Role.CustomerAdmin);
        var hidden = await Assert.ThrowsAsync<RpcException>(() => stack.Slas.GetSlaReportAsync(reportRequest, Bearer(stranger.Token)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task APriorityRaisedAfterThreeHours_IsBreachedAtOnce_AndSaysSo()
    {
        var clock = new FakeTimeProvider(TuesdayMorning);
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await StartAsync(broker, clock);
        var organization = await stack.CreateCustomerAsync(SupportPlan.Premium);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddYears(1));
        var engineer = await stack.CreateVendorEngineerAsync();
        var c = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P3), Bearer(agent.Token))).Case;
        await EventuallyAsync(async () => await SlaAsync(stack, c.CaseId, agent.Token) is not null, "the SLA record");

        clock.Advance(TimeSpan.FromHours(3));
        var token = await SignInAsync(stack, engineer);
        c = (await stack.Cases.ChangePriorityAsync(new ChangePriorityRequest
        {
            CaseId = c.CaseId, Version = c.Version, Priority = Priority.P1, Reason = "All inbound calls fail since this morning.",
        }, Bearer(token))).Case;

        // No time passes: the event itself finds the P1 response (1 business hour) overdue since 10:00.
        await EventuallyAsync(async () => await RaisedAsync(stack, "SlaBreached", c.CaseId) == 1, "the breach");
        var sla = (await SlaAsync(stack, c.CaseId, token))!;
        Assert.Equal(Priority.P1, sla.Priority);
        Assert.Equal(1, sla.PolicyVersion);
        Assert.Equal(SupportPlatform.Escalation.V1.TargetState.Breached, sla.Response.State);
        Assert.Equal(Amsterdam(1, 10), sla.Response.DueAt.ToDateTimeOffset());
        Assert.Equal(TimeSpan.FromHours(8), sla.Resolution.Target.ToTimeSpan());
        // Its warning is never raised after the breach it warned of.
        Assert.Equal(0, await RaisedAsync(stack, "SlaWarningReached", c.CaseId));
    }

    [Fact]
    public async Task Policies_AreVersioned_OpenCasesMoveOnlyWhenAsked_AndBadInputChangesNothing()
    {
        var clock = new FakeTimeProvider(TuesdayMorning);
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await StartAsync(broker, clock);
        var organization = await stack.CreateCustomerAsync(SupportPlan.Standard);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddYears(1));
        var admin = await stack.AdminTokenAsync();
        var first = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P4), Bearer(agent.Token))).Case;
        await EventuallyAsync(async () => await SlaAsync(stack, first.CaseId, agent.Token) is not null, "the SLA record");

        var current = (await stack.SlaPolicies.ListSlaPoliciesAsync(new ListSlaPoliciesRequest(), Bearer(agent.Token))).Policies;
        Assert.Equal(12, current.Count);
        var standardP4 = current.Single(p => p is { Plan: SupportPlan.Standard, Priority: Priority.P4 });
        Assert.Equal((1, TimeSpan.FromHours(24), TimeSpan.FromHours(160)), (standardP4.Version, standardP4.Response.ToTimeSpan(), standardP4.Resolution.ToTimeSpan()));

        UpdateSlaPolicyRequest Update(int expectedVersion, bool apply) => new()
        {
            Plan = SupportPlan.Standard, Priority = Priority.P4, Response = Duration.FromTimeSpan(TimeSpan.FromHours(4)),
            UpdateCadence = Duration.FromTimeSpan(TimeSpan.FromHours(16)), Resolution = Duration.FromTimeSpan(TimeSpan.FromHours(80)),
            WarningPercent = 80, Coverage = Coverage.BusinessHours, ExpectedVersion = expectedVersion, ApplyToOpenCases = apply,
        };

        // Refused: a customer; bad fields (all reported at once); a stale version. None changes anything.
        var denied = await Assert.ThrowsAsync<RpcException>(() => stack.SlaPolicies.UpdateSlaPolicyAsync(Update(1, false), Bearer(agent.Token)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        var bad = Update(1, false);
        bad.Resolution = Duration.FromTimeSpan(TimeSpan.FromHours(1));
        bad.WarningPercent = 100;
        bad.Plan = (SupportPlan)42;
        var invalid = await Assert.ThrowsAsync<RpcException>(() => stack.SlaPolicies.UpdateSlaPolicyAsync(bad, Bearer(admin)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal(["plan", "resolution", "warning_percent"],
            invalid.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order());
        var stale = await Assert.ThrowsAsync<RpcException>(() => stack.SlaPolicies.UpdateSlaPolicyAsync(Update(7, false), Bearer(admin)).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.Equal(1, await Sql.CountAsync(stack.DatabaseFile("escalationdb"), "SELECT COUNT(*) FROM sla_policies WHERE support_plan = 'STANDARD' AND priority = @p", "P4"));

        // Version 2 for later cases only: the open case keeps version 1.
        var v2 = await stack.SlaPolicies.UpdateSlaPolicyAsync(Update(1, false), Bearer(admin));
        Assert.Equal((2, 0), (v2.Policy.Version, v2.RecomputedCases));
        var second = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P4), Bearer(agent.Token))).Case;
        CaseSla? secondSla = null;
        await EventuallyAsync(async () => (secondSla = await SlaAsync(stack, second.CaseId, agent.Token)) is not null, "the second SLA record");
        Assert.Equal((2, TimeSpan.FromHours(4)), (secondSla!.PolicyVersion, secondSla.Response.Target.ToTimeSpan()));
        var firstSla = (await SlaAsync(stack, first.CaseId, agent.Token))!;
        Assert.Equal((1, TimeSpan.FromHours(24)), (firstSla.PolicyVersion, firstSla.Response.Target.ToTimeSpan()));

        // Version 3 applied to open cases: both move, and say so.
        var v3 = await stack.SlaPolicies.UpdateSlaPolicyAsync(Update(2, true), Bearer(admin));
        Assert.Equal((3, 2), (v3.Policy.Version, v3.RecomputedCases));
        firstSla = (await SlaAsync(stack, first.CaseId, agent.Token))!;
        Assert.Equal(3, firstSla.PolicyVersion);
        Assert.Equal("policy STANDARD/P4 version 3 applied", firstSla.RecomputeReason);
        Assert.Equal(first.CreatedAt.ToDateTimeOffset().AddHours(4), firstSla.Response.DueAt.ToDateTimeOffset());
        var versions = (await stack.SlaPolicies.ListSlaPoliciesAsync(new ListSlaPoliciesRequest { Plan = SupportPlan.Standard, Priority = Priority.P4 }, Bearer(admin))).Policies;
        Assert.Equal([3, 2, 1], versions.Select(p => p.Version));
    }

    [Fact]
    public async Task AP1WithoutPremiumPlus_SubmittedOnFridayEvening_IsToldWhenItsClockStarts_APremiumPlusP1IsGivenTheHotline()
    {
        // Friday 4 December, 20:00 in Amsterdam.
        var clock = new FakeTimeProvider(Amsterdam(4, 20));
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await StartAsync(broker, clock);
        var premium = await stack.CreateCustomerAsync(SupportPlan.Premium);
        var agent = await stack.CreatePersonAsync(premium.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddYears(1));

        var submitted = await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P1), Bearer(agent.Token));

        Assert.Null(submitted.Hotline);
        var notice = submitted.SlaNotice;
        Assert.True(notice.Deferred);
        Assert.Equal(Amsterdam(7, 9), notice.ClockStartsAt.ToDateTimeOffset());
        Assert.Equal(("2026-12-07T09:00:00+01", "Europe/Amsterdam"), (notice.ClockStartsAtLocal, notice.TimeZone));
        Assert.Contains("outside your business hours", notice.Message);
        Assert.Contains("2026-12-07T09:00:00+01", notice.Message);
        // The submitter's notification says so too.
        var deferred = new ListNotificationsRequest { CaseId = submitted.Case.CaseId };
        await EventuallyAsync(async () => (await stack.Notifications.ListNotificationsAsync(deferred, Bearer(agent.Token))).Notifications
            .Any(n => n.EventType == "SlaClockDeferred" && n.RecipientId == agent.Person.PersonId && n.Body.Contains("2026-12-07T09:00:00+01")),
            "the submitter's notification of the clock's start");
        // Its response is due an hour into Monday.
        var sla = (await SlaAsync(stack, submitted.Case.CaseId, agent.Token))!;
        Assert.Equal(Amsterdam(7, 10), sla.Response.DueAt.ToDateTimeOffset());

        // A Premium Plus P1 at the same hour: 24x7, no notice, and the hotline to call.
        var premiumPlus = await stack.CreateCustomerAsync(SupportPlan.PremiumPlus);
        var plusAgent = await stack.CreatePersonAsync(premiumPlus.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddYears(1));
        var urgent = await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P1), Bearer(plusAgent.Token));
        Assert.Null(urgent.SlaNotice);
        Assert.Equal("+31 20 555 0100", urgent.Hotline.Number);
        Assert.Contains(urgent.Case.CaseId, urgent.Hotline.Instruction);
        var told = new ListNotificationsRequest { CaseId = urgent.Case.CaseId };
        await EventuallyAsync(async () => (await stack.Notifications.ListNotificationsAsync(told, Bearer(plusAgent.Token))).Notifications
            .Any(n => n.EventType == "CaseSubmitted" && n.Body.Contains("+31 20 555 0100")), "the submitter's notification with the hotline");
        // A Premium customer's P2 and a Premium Plus P2 are given neither.
        var p2 = await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P2), Bearer(plusAgent.Token));
        Assert.Equal((null, null), (p2.Hotline, p2.SlaNotice));
    }

    [Fact]
    public async Task HotlineCalls_AreRecordedByVendorStaff_AgainstTheCase()
    {
        var clock = new FakeTimeProvider(TuesdayMorning);
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await StartAsync(broker, clock);
        var organization = await stack.CreateCustomerAsync(SupportPlan.PremiumPlus);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddYears(1));
        var engineer = await stack.CreateVendorEngineerAsync();
        var c = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P1), Bearer(agent.Token))).Case;
        await EventuallyAsync(async () => await SlaAsync(stack, c.CaseId, agent.Token) is not null, "the SLA record");
        clock.Advance(TimeSpan.FromMinutes(4));
        var token = await SignInAsync(stack, engineer);
        RecordHotlineCallRequest Call() => new() { CaseId = c.CaseId, CallerName = "Anna de Vries", CallerPhone = "+31 6 1234 5678", Notes = "All queues down." };

        // Refused: a customer; a call before the submission or in the future; no caller name. Nothing is recorded.
        Assert.Equal(StatusCode.PermissionDenied,
            (await Assert.ThrowsAsync<RpcException>(() => stack.Escalations.RecordHotlineCallAsync(Call(), Bearer(agent.Token)).ResponseAsync)).StatusCode);
        var early = Call();
        early.CalledAt = Timestamp.FromDateTimeOffset(c.CreatedAt.ToDateTimeOffset().AddMinutes(-1));
        var invalid = await Assert.ThrowsAsync<RpcException>(() => stack.Escalations.RecordHotlineCallAsync(early, Bearer(token)).ResponseAsync);
        Assert.Equal("called_at", invalid.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
        var nameless = Call();
        nameless.CallerName = "";
        Assert.Equal(StatusCode.InvalidArgument,
            (await Assert.ThrowsAsync<RpcException>(() => stack.Escalations.RecordHotlineCallAsync(nameless, Bearer(token)).ResponseAsync)).StatusCode);
        Assert.Empty((await stack.Escalations.ListHotlineCallsAsync(new ListHotlineCallsRequest { CaseId = c.CaseId }, Bearer(token))).Calls);

        var recorded = (await stack.Escalations.RecordHotlineCallAsync(Call(), Bearer(token))).Call;
        Assert.Equal((engineer.Person.PersonId, engineer.Person.PersonId, clock.GetUtcNow()),
            (recorded.EngineerId, recorded.RecordedBy, recorded.CalledAt.ToDateTimeOffset()));
        var customerToken = await SignInAsync(stack, agent);
        var calls = (await stack.Escalations.ListHotlineCallsAsync(new ListHotlineCallsRequest { CaseId = c.CaseId }, Bearer(customerToken))).Calls;
        Assert.Equal([recorded], calls);
        Assert.Equal(1, await RaisedAsync(stack, "HotlineCallRecorded", c.CaseId));
    }
}
