using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Escalation.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Infrastructure.FakeTime;
using static SupportPlatform.Tests.Infrastructure.OnCallSetup;
using static SupportPlatform.Tests.Shared.SupportClients;
using Duration = Google.Protobuf.WellKnownTypes.Duration;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// On-call schedules, escalation policies and pages on stacks of their own whose identity, case
/// and escalation services share one <see cref="FakeTimeProvider"/>: the test moves time instead
/// of waiting for it.
/// </summary>
public sealed class OnCallPagingTests
{
    /// <summary>The policy migration 0003 seeds.</summary>
    private const string SeededPolicy = "00000000-0000-4000-8000-0000000000a1";

    /// <summary>Tuesday 1 December 2026, 10:00 in Amsterdam.</summary>
    private static readonly DateTimeOffset TuesdayMorning = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static async Task<ServiceStack> StartAsync(RabbitMqBroker broker, FakeTimeProvider clock) =>
        await ServiceStack.StartAsync(broker, clock: clock, settings: new Dictionary<string, string?>
        {
            ["PageTimers:Interval"] = "00:00:10",
            ["SlaTimers:Interval"] = "00:00:10",
        });

    private static Task<long> StepsPagedAsync(ServiceStack stack, string caseId) => Sql.CountAsync(stack.DatabaseFile("escalationdb"),
        "SELECT COUNT(*) FROM page_steps s JOIN pages p ON p.page_id = s.page_id WHERE p.case_id = @p", caseId);

    private static Task<long> CountAsync(ServiceStack stack, string table) =>
        Sql.CountAsync(stack.DatabaseFile("escalationdb"), $"SELECT COUNT(*) FROM {table}");

    private static async Task<(SignedIn First, SignedIn Second, SignedIn Manager)> VendorPeopleAsync(ServiceStack stack)
    {
        var admin = await stack.AdminTokenAsync();
        var vendorId = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(admin).GetClaim("org").Value;
        return (await stack.CreateVendorEngineerAsync(), await stack.CreateVendorEngineerAsync(),
            await stack.CreatePersonAsync(vendorId, Role.SupportManager, trained: false));
    }

    private static Duration Minutes(int minutes) => Duration.FromTimeSpan(TimeSpan.FromMinutes(minutes));

    [Fact]
    public async Task APremiumPlusP1_PagesTheOnCallEngineer_ThenTheNextStepOnce_AcrossARestartAndWithTwoReplicas_UntilAcknowledged()
    {
        var clock = new FakeTimeProvider(TuesdayMorning);
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await StartAsync(broker, clock);
        stack.StartEscalationReplica();
        var admin = await stack.AdminTokenAsync();
        var (first, second, manager) = await VendorPeopleAsync(stack);

        // The seeded schedule has nobody on duty: a gap from now on, and it says so.
        var seeded = (await stack.OnCall.GetScheduleAsync(new GetScheduleRequest { ScheduleId = SeededSchedule }, Bearer(first.Token))).Schedule;
        Assert.Equal(("Premium Plus 24x7", 1L), (seeded.Name, seeded.Version));
        Assert.Equal(clock.GetUtcNow(), seeded.NextGapStart.ToDateTimeOffset());
        Assert.Equal(clock.GetUtcNow().AddDays(7), seeded.NextGapEnd.ToDateTimeOffset());

        // Two engineers in a daily rotation from today 09:00 Amsterdam: covered, no gap reported.
        var schedule = await RotateAsync(stack, admin, first, second);
        Assert.Equal(2L, schedule.Version);
        Assert.Null(schedule.NextGapStart);
        var onCall = (await stack.OnCall.GetOnCallAsync(new GetOnCallRequest { ScheduleId = SeededSchedule }, Bearer(first.Token))).Duty;
        Assert.Equal((first.Person.PersonId, OnCallSource.Layer, 1, "Engineers"), (onCall.PersonId, onCall.Source, onCall.Layer, onCall.LayerName));
        Assert.Equal(("2026-12-01T09:00:00+01", "2026-12-02T09:00:00+01"), (onCall.SinceLocal, onCall.UntilLocal));

        // The P1 policy: the on-call, then the support manager, five minutes each, no repeat.
        var policy = (await stack.EscalationPolicies.GetEscalationPolicyAsync(new GetEscalationPolicyRequest { PolicyId = SeededPolicy }, Bearer(first.Token))).Policy;
        Assert.Equal(("Premium Plus P1", 2), (policy.Name, policy.Repeats));
        await stack.EscalationPolicies.UpdateEscalationPolicyAsync(new UpdateEscalationPolicyRequest
        {
            PolicyId = SeededPolicy, Name = policy.Name, Repeats = 0, ExpectedVersion = policy.Version,
            Steps =
            {
                new EscalationStep { ScheduleIds = { SeededSchedule }, AckTimeout = Minutes(5) },
                new EscalationStep { PersonIds = { manager.Person.PersonId }, AckTimeout = Minutes(5) },
            },
        }, Bearer(admin));

        var organization = await stack.CreateCustomerAsync(SupportPlan.PremiumPlus);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddYears(1));
        var submitted = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P1), Bearer(agent.Token))).Case;

        // Paged at once: the engineer on duty.
        await EventuallyAsync(async () => await RaisedAsync(stack, "PageTriggered", submitted.CaseId) == 1, "the first step");
        var page = (await stack.Paging.ListPagesAsync(new ListPagesRequest { CaseId = submitted.CaseId }, Bearer(first.Token))).Pages.Single();
        Assert.Equal((PageState.Open, Urgency.Critical, organization.OrganizationId), (page.State, page.Urgency, page.OrganizationId));
        Assert.StartsWith("Premium Plus P1 submitted: ", page.Reason);
        var paged = Assert.Single(page.Steps);
        Assert.Equal((1, 1, first.Person.PersonId), (paged.Step, paged.Attempt, paged.PersonIds.Single()));
        Assert.Equal(clock.GetUtcNow().AddMinutes(5), page.NextEscalationAt.ToDateTimeOffset());

        // The service restarts; the timer lives in its database. Not yet due after four minutes.
        await stack.RestartEscalationAsync();
        clock.Advance(TimeSpan.FromMinutes(4));
        await Task.Delay(1000);
        Assert.Equal(1, await StepsPagedAsync(stack, submitted.CaseId));
        // Nobody acknowledged: the manager is paged once, although two replicas keep the timers.
        await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(10), 12, async () => await StepsPagedAsync(stack, submitted.CaseId) == 2, "the second step");
        Assert.True(clock.GetUtcNow() >= submitted.CreatedAt.ToDateTimeOffset().AddMinutes(5));
        for (var pass = 0; pass < 6; pass++)
        {
            clock.Advance(TimeSpan.FromSeconds(20));
            await Task.Delay(200);
        }
        Assert.Equal(2, await RaisedAsync(stack, "PageTriggered", submitted.CaseId));
        Assert.Equal(2, await StepsPagedAsync(stack, submitted.CaseId));

        // A customer cannot acknowledge it.
        var agentToken = await SignInAsync(stack, agent);
        var denied = await Assert.ThrowsAsync<RpcException>(() => stack.Paging.AcknowledgePageAsync(
            new AcknowledgePageRequest { PageId = page.PageId }, Bearer(agentToken)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        // The manager acknowledges: it stops escalating.
        var managerToken = await SignInAsync(stack, manager);
        var acknowledged = (await stack.Paging.AcknowledgePageAsync(new AcknowledgePageRequest { PageId = page.PageId }, Bearer(managerToken))).Page;
        Assert.Equal((PageState.Acknowledged, manager.Person.PersonId), (acknowledged.State, acknowledged.AcknowledgedBy));
        Assert.Null(acknowledged.NextEscalationAt);
        Assert.Equal(
            [(1, first.Person.PersonId), (2, manager.Person.PersonId)],
            acknowledged.Steps.Select(step => (step.Step, step.PersonIds.Single())));
        clock.Advance(TimeSpan.FromMinutes(10));
        await Task.Delay(1000);
        clock.Advance(TimeSpan.FromMinutes(10));
        await Task.Delay(1000);
        Assert.Equal(2, await StepsPagedAsync(stack, submitted.CaseId));
        Assert.Equal(1, await RaisedAsync(stack, "PageAcknowledged", submitted.CaseId));
        Assert.Equal(0, await RaisedAsync(stack, "PageExhausted", submitted.CaseId));
        var firstToken = await SignInAsync(stack, first);
        var again = await Assert.ThrowsAsync<RpcException>(() => stack.Paging.AcknowledgePageAsync(
            new AcknowledgePageRequest { PageId = page.PageId }, Bearer(firstToken)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        var read = (await stack.Paging.GetPageAsync(new GetPageRequest { PageId = page.PageId }, Bearer(await SignInAsync(stack, second)))).Page;
        Assert.Equal((PageState.Acknowledged, 2), (read.State, read.Steps.Count));
    }

    [Fact]
    public async Task AnEmptyRotation_ReachesNobody_ACaseRaisedToP1PagesOnce_AndSomeoneInTheRotationIsPaged()
    {
        var clock = new FakeTimeProvider(TuesdayMorning);
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await StartAsync(broker, clock);
        var admin = await stack.AdminTokenAsync();
        var engineer = await stack.CreateVendorEngineerAsync();
        var organization = await stack.CreateCustomerAsync(SupportPlan.PremiumPlus);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddYears(1));

        // A P2 does not page; raised to P1 it does. The seeded schedule has nobody yet: the page
        // records that its step reached nobody and, a whole pass having reached nobody, is exhausted at once.
        var c = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P2), Bearer(agent.Token))).Case;
        c = (await stack.Cases.ChangePriorityAsync(new ChangePriorityRequest
        {
            CaseId = c.CaseId, Version = c.Version, Priority = Priority.P1, Reason = "All inbound calls fail since this morning.",
        }, Bearer(engineer.Token))).Case;
        await EventuallyAsync(async () => await RaisedAsync(stack, "PageExhausted", c.CaseId) == 1, "the exhausted page");
        Assert.Equal(1, await RaisedAsync(stack, "PageTriggered", c.CaseId));
        var page = (await stack.Paging.ListPagesAsync(new ListPagesRequest { CaseId = c.CaseId }, Bearer(engineer.Token))).Pages.Single();
        Assert.Equal(PageState.Exhausted, page.State);
        Assert.Equal("Premium Plus case raised to P1 from P2: Inbound calls drop after thirty seconds", page.Reason);
        Assert.Empty(Assert.Single(page.Steps).PersonIds);
        Assert.Null(Assert.Single(page.Steps).EscalatesAt);

        // Down to P2 and up to P1 again: the case has had its page.
        c = (await stack.Cases.ChangePriorityAsync(new ChangePriorityRequest
        {
            CaseId = c.CaseId, Version = c.Version, Priority = Priority.P2, Reason = "A workaround restored most calls.",
        }, Bearer(engineer.Token))).Case;
        c = (await stack.Cases.ChangePriorityAsync(new ChangePriorityRequest
        {
            CaseId = c.CaseId, Version = c.Version, Priority = Priority.P1, Reason = "The workaround stopped working.",
        }, Bearer(engineer.Token))).Case;
        // The clock records each case event in the transaction that would page it.
        await EventuallyAsync(async () => await Sql.CountAsync(stack.DatabaseFile("escalationdb"),
            "SELECT case_version FROM sla_clocks WHERE case_id = @p", c.CaseId.ToString()) == c.Version, "the second P1 event handled");
        Assert.Equal(1, await CountAsync(stack, "pages"));
        Assert.Equal(1, await RaisedAsync(stack, "PageTriggered", c.CaseId));

        // Once an administrator has put someone in the rotation, the next Premium Plus P1 pages them.
        await RotateAsync(stack, admin, engineer);
        var next = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P1), Bearer(agent.Token))).Case;
        await EventuallyAsync(async () => await RaisedAsync(stack, "PageTriggered", next.CaseId) == 1, "the page");
        var paged = (await stack.Paging.ListPagesAsync(new ListPagesRequest { CaseId = next.CaseId, OpenOnly = true }, Bearer(engineer.Token))).Pages.Single();
        Assert.Equal(engineer.Person.PersonId, Assert.Single(paged.Steps).PersonIds.Single());
        // The seeded policy waits ten minutes, then pages the on-call again (twice), then is exhausted.
        Assert.Equal(clock.GetUtcNow().AddMinutes(10), paged.NextEscalationAt.ToDateTimeOffset());
        clock.Advance(TimeSpan.FromMinutes(10));
        await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(10), 6, async () => await StepsPagedAsync(stack, next.CaseId) == 2, "the first repeat");
        clock.Advance(TimeSpan.FromMinutes(10));
        await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(10), 6, async () => await StepsPagedAsync(stack, next.CaseId) == 3, "the second repeat");
        clock.Advance(TimeSpan.FromMinutes(10));
        await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(10), 6, async () => await RaisedAsync(stack, "PageExhausted", next.CaseId) == 1, "the exhaustion");
        var exhausted = (await stack.Paging.GetPageAsync(new GetPageRequest { PageId = paged.PageId }, Bearer(await SignInAsync(stack, engineer)))).Page;
        Assert.Equal([(1, 1), (1, 2), (1, 3)], exhausted.Steps.Select(step => (step.Step, step.Attempt)));
        Assert.Equal(PageState.Exhausted, exhausted.State);
        Assert.Equal(3, await RaisedAsync(stack, "PageTriggered", next.CaseId));
    }

    [Fact]
    public async Task SchedulesOverridesAndPolicies_BadInputChangesNothing_StaleIsAborted_AndOnlyManagersAndAdministratorsWrite()
    {
        var clock = new FakeTimeProvider(TuesdayMorning);
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await StartAsync(broker, clock);
        var admin = await stack.AdminTokenAsync();
        var (first, second, manager) = await VendorPeopleAsync(stack);
        var organization = await stack.CreateCustomerAsync(SupportPlan.PremiumPlus);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var schedules = await CountAsync(stack, "on_call_schedules");
        var policies = await CountAsync(stack, "escalation_policies");

        // A support manager creates a schedule in Sydney whose engineers are on duty from Monday 09:00 to Friday 17:00.
        var create = new CreateScheduleRequest
        {
            Name = "Sydney weekdays",
            TimeZone = "Australia/Sydney",
            Layers =
            {
                new OnCallLayer
                {
                    ParticipantIds = { first.Person.PersonId, second.Person.PersonId }, RotationHours = 168, HandoffTime = "09:00", StartDate = "2026-11-30",
                    Restrictions = { new OnCallRestriction { StartDay = Weekday.Monday, StartTime = "09:00", EndDay = Weekday.Friday, EndTime = "17:00" } },
                },
            },
        };
        var schedule = (await stack.OnCall.CreateScheduleAsync(create, Bearer(manager.Token))).Schedule;
        Assert.Equal((1L, manager.Person.PersonId), (schedule.Version, schedule.UpdatedBy));
        // It is Tuesday 20:00 in Sydney (UTC+11 in December): the next gap is Friday 17:00 to Monday 09:00.
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 6, 0, 0, TimeSpan.Zero), schedule.NextGapStart.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 22, 0, 0, TimeSpan.Zero), schedule.NextGapEnd.ToDateTimeOffset());
        var gaps = (await stack.OnCall.ListScheduleGapsAsync(new ListScheduleGapsRequest
        {
            ScheduleId = schedule.ScheduleId,
            From = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero)),
            To = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 12, 0, 0, 0, TimeSpan.Zero)),
        }, Bearer(first.Token)));
        Assert.Equal("Australia/Sydney", gaps.TimeZone);
        Assert.Equal(
            [("2026-12-04T17:00:00+11", "2026-12-07T09:00:00+11"), ("2026-12-11T17:00:00+11", "2026-12-12T11:00:00+11")],
            gaps.Gaps.Select(gap => (gap.StartsAtLocal, gap.EndsAtLocal)));
        var now = (await stack.OnCall.GetOnCallAsync(new GetOnCallRequest { ScheduleId = schedule.ScheduleId }, Bearer(first.Token))).Duty;
        Assert.Equal((first.Person.PersonId, OnCallSource.Layer, "2026-11-30T09:00:00+11", "2026-12-04T17:00:00+11"),
            (now.PersonId, now.Source, now.SinceLocal, now.UntilLocal));
        // Next week it is the second engineer's turn, from Monday's hand-off.
        var nextWeek = (await stack.OnCall.GetOnCallAsync(new GetOnCallRequest
        {
            ScheduleId = schedule.ScheduleId, At = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero)),
        }, Bearer(first.Token))).Duty;
        Assert.Equal((second.Person.PersonId, "2026-12-07T09:00:00+11"), (nextWeek.PersonId, nextWeek.SinceLocal));

        // An override puts the manager on duty for the night; removed, the rotation is back.
        var added = (await stack.OnCall.AddOverrideAsync(new AddOverrideRequest
        {
            ScheduleId = schedule.ScheduleId, PersonId = manager.Person.PersonId,
            StartsAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow()), EndsAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddHours(13)),
        }, Bearer(admin))).Override;
        var duty = (await stack.OnCall.GetOnCallAsync(new GetOnCallRequest { ScheduleId = schedule.ScheduleId }, Bearer(first.Token))).Duty;
        Assert.Equal((manager.Person.PersonId, OnCallSource.Override, added.OverrideId, 0), (duty.PersonId, duty.Source, duty.OverrideId, duty.Layer));
        Assert.Equal((clock.GetUtcNow(), clock.GetUtcNow().AddHours(13)), (duty.Since.ToDateTimeOffset(), duty.Until.ToDateTimeOffset()));
        var listed = (await stack.OnCall.GetScheduleAsync(new GetScheduleRequest { ScheduleId = schedule.ScheduleId }, Bearer(first.Token))).Schedule;
        Assert.Equal([added.OverrideId], listed.Overrides.Select(entry => entry.OverrideId));
        var removed = (await stack.OnCall.RemoveOverrideAsync(new RemoveOverrideRequest { ScheduleId = schedule.ScheduleId, OverrideId = added.OverrideId }, Bearer(manager.Token))).Override;
        Assert.Equal((clock.GetUtcNow(), manager.Person.PersonId), (removed.RemovedAt.ToDateTimeOffset(), removed.RemovedBy));
        duty = (await stack.OnCall.GetOnCallAsync(new GetOnCallRequest { ScheduleId = schedule.ScheduleId }, Bearer(first.Token))).Duty;
        Assert.Equal((OnCallSource.Layer, first.Person.PersonId), (duty.Source, duty.PersonId));
        Assert.Empty((await stack.OnCall.GetScheduleAsync(new GetScheduleRequest { ScheduleId = schedule.ScheduleId }, Bearer(first.Token))).Schedule.Overrides);
        var removedTwice = await Assert.ThrowsAsync<RpcException>(() => stack.OnCall.RemoveOverrideAsync(
            new RemoveOverrideRequest { ScheduleId = schedule.ScheduleId, OverrideId = added.OverrideId }, Bearer(manager.Token)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, removedTwice.StatusCode);

        // Refused, changing nothing: customers and engineers writing, a customer reading.
        foreach (var token in new[] { agent.Token, first.Token })
        {
            var denied = await Assert.ThrowsAsync<RpcException>(() => stack.OnCall.CreateScheduleAsync(create, Bearer(token)).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        }
        var notForCustomers = await Assert.ThrowsAsync<RpcException>(() => stack.OnCall.GetScheduleAsync(
            new GetScheduleRequest { ScheduleId = SeededSchedule }, Bearer(agent.Token)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, notForCustomers.StatusCode);

        // Bad fields, all reported at once.
        var bad = create.Clone();
        bad.Name = "";
        bad.TimeZone = "Europe/Atlantis";
        bad.Layers[0].ParticipantIds.Add("not-a-person");
        bad.Layers[0].RotationHours = 0;
        bad.Layers[0].HandoffTime = "9am";
        bad.Layers[0].StartDate = "2026-02-30";
        bad.Layers[0].Restrictions.Add(new OnCallRestriction { StartDay = Weekday.Monday, StartTime = "09:00", EndTime = "17:00" });
        bad.Layers[0].Restrictions.Add(new OnCallRestriction { StartTime = "22:00", EndTime = "22:00" });
        var invalid = await Assert.ThrowsAsync<RpcException>(() => stack.OnCall.CreateScheduleAsync(bad, Bearer(admin)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal(
            [
                "layers[0].handoff_time", "layers[0].participant_ids[2]", "layers[0].restrictions[1]", "layers[0].restrictions[2]",
                "layers[0].rotation_hours", "layers[0].start_date", "name", "time_zone",
            ],
            invalid.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));
        var stale = await Assert.ThrowsAsync<RpcException>(() => stack.OnCall.UpdateScheduleAsync(new UpdateScheduleRequest
        {
            ScheduleId = schedule.ScheduleId, Name = "Renamed", TimeZone = "UTC", ExpectedVersion = 7,
        }, Bearer(admin)).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        var overrideErrors = await Assert.ThrowsAsync<RpcException>(() => stack.OnCall.AddOverrideAsync(new AddOverrideRequest
        {
            ScheduleId = schedule.ScheduleId, PersonId = "someone",
            StartsAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddHours(2)), EndsAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddHours(1)),
        }, Bearer(admin)).ResponseAsync);
        Assert.Equal(["ends_at", "person_id"], overrideErrors.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order());
        var tooLong = await Assert.ThrowsAsync<RpcException>(() => stack.OnCall.ListScheduleGapsAsync(new ListScheduleGapsRequest
        {
            ScheduleId = schedule.ScheduleId, From = Timestamp.FromDateTimeOffset(clock.GetUtcNow()), To = Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddDays(32)),
        }, Bearer(first.Token)).ResponseAsync);
        Assert.Equal(["to"], tooLong.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        var policyErrors = await Assert.ThrowsAsync<RpcException>(() => stack.EscalationPolicies.CreateEscalationPolicyAsync(new CreateEscalationPolicyRequest
        {
            Name = "Nights",
            Repeats = 11,
            Steps =
            {
                new EscalationStep { ScheduleIds = { schedule.ScheduleId }, AckTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)) },
                new EscalationStep { AckTimeout = Minutes(5) },
            },
        }, Bearer(admin)).ResponseAsync);
        Assert.Equal(["repeats", "steps[0].ack_timeout", "steps[1].schedule_ids"],
            policyErrors.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));
        var unknownSchedule = await Assert.ThrowsAsync<RpcException>(() => stack.EscalationPolicies.CreateEscalationPolicyAsync(new CreateEscalationPolicyRequest
        {
            Name = "Nights", Steps = { new EscalationStep { ScheduleIds = { Guid.NewGuid().ToString() }, AckTimeout = Minutes(5) } },
        }, Bearer(admin)).ResponseAsync);
        Assert.Equal(["steps[0].schedule_ids[0]"], unknownSchedule.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));

        Assert.Equal(schedules + 1, await CountAsync(stack, "on_call_schedules"));
        Assert.Equal(policies, await CountAsync(stack, "escalation_policies"));
        Assert.Equal(1, await CountAsync(stack, "on_call_overrides"));
        var unchanged = (await stack.OnCall.GetScheduleAsync(new GetScheduleRequest { ScheduleId = schedule.ScheduleId }, Bearer(first.Token))).Schedule;
        Assert.Equal((1L, "Sydney weekdays", "Australia/Sydney"), (unchanged.Version, unchanged.Name, unchanged.TimeZone));

        // A valid policy on the new schedule, read back by vendor staff.
        var created = (await stack.EscalationPolicies.CreateEscalationPolicyAsync(new CreateEscalationPolicyRequest
        {
            Name = "Sydney weekdays", Repeats = 1,
            Steps = { new EscalationStep { ScheduleIds = { schedule.ScheduleId }, PersonIds = { manager.Person.PersonId }, AckTimeout = Minutes(15) } },
        }, Bearer(manager.Token))).Policy;
        var all = (await stack.EscalationPolicies.ListEscalationPoliciesAsync(new ListEscalationPoliciesRequest(), Bearer(first.Token))).Policies;
        Assert.Equal([SeededPolicy, created.PolicyId], all.Select(p => p.PolicyId).Order(StringComparer.Ordinal));
        var both = (await stack.OnCall.ListSchedulesAsync(new ListSchedulesRequest { PageSize = 1 }, Bearer(first.Token)));
        var rest = (await stack.OnCall.ListSchedulesAsync(new ListSchedulesRequest { PageSize = 1, PageToken = both.NextPageToken }, Bearer(first.Token)));
        Assert.Equal([SeededSchedule, schedule.ScheduleId], both.Schedules.Concat(rest.Schedules).Select(s => s.ScheduleId).Order(StringComparer.Ordinal));
        Assert.Equal("", rest.NextPageToken);
    }

    [Fact]
    public async Task APremiumPlusP1WithoutAHotlineCall_IsFlaggedOnceToTheOnCallEngineer_ACalledOneIsNot()
    {
        var clock = new FakeTimeProvider(TuesdayMorning);
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await ServiceStack.StartAsync(broker, clock: clock, settings: new Dictionary<string, string?>
        {
            ["PageTimers:Interval"] = "00:00:10",
            ["Hotline:Interval"] = "00:00:10",
        });
        stack.StartEscalationReplica();
        var admin = await stack.AdminTokenAsync();
        var (first, second, _) = await VendorPeopleAsync(stack);
        await RotateAsync(stack, admin, first, second);
        var organization = await stack.CreateCustomerAsync(SupportPlan.PremiumPlus);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddYears(1));
        var silent = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P1), Bearer(agent.Token))).Case;
        var called = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P1), Bearer(agent.Token))).Case;
        await EventuallyAsync(async () => await RaisedAsync(stack, "PageTriggered", silent.CaseId) == 1
            && await RaisedAsync(stack, "PageTriggered", called.CaseId) == 1, "both pages");
        clock.Advance(TimeSpan.FromMinutes(5));
        await stack.Escalations.RecordHotlineCallAsync(new RecordHotlineCallRequest { CaseId = called.CaseId, CallerName = "Anna de Vries" },
            Bearer(await SignInAsync(stack, first)));

        // Fifteen minutes after submission: the silent case is flagged, once, to the engineer it paged.
        clock.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(1000);
        Assert.Equal(0, await RaisedAsync(stack, "HotlineCallMissing", silent.CaseId));
        await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(10), 12,
            async () => await RaisedAsync(stack, "HotlineCallMissing", silent.CaseId) == 1, "the missing call's flag");
        for (var pass = 0; pass < 5; pass++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(200);
        }
        Assert.Equal(1, await RaisedAsync(stack, "HotlineCallMissing", silent.CaseId));
        Assert.Equal(0, await RaisedAsync(stack, "HotlineCallMissing", called.CaseId));
        // The on-call engineer is told.
        var token = await SignInAsync(stack, first);
        await EventuallyAsync(async () => (await stack.Notifications.ListNotificationsAsync(
                new SupportPlatform.Notification.V1.ListNotificationsRequest { CaseId = silent.CaseId }, Bearer(token))).Notifications
            .Any(n => n.EventType == "HotlineCallMissing" && n.RecipientId == first.Person.PersonId), "the on-call engineer's notification");
    }
}
