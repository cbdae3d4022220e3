using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// Every case event's snapshot says when the case changed and whose move it is after the change
/// (the SLA clock's holder), and the vendor records and ends waits on a third party.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class CaseClockHolderTests(StackFixture fixture)
{
    private readonly ServiceStack stack = fixture.Stack;

    /// <summary>One event of a case as the outbox holds it.</summary>
    private sealed record Raised(string Type, string? ClockHolder, string? ThirdParty, DateTimeOffset? ChangedAt, DateTimeOffset OccurredAt, long Version, JsonElement Body)
    {
        public override string ToString() => $"{Type}:{ClockHolder}";
    }

    private async Task<(SignedIn Agent, SignedIn Engineer, Case Case)> SubmittedAsync()
    {
        var organization = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P2), Bearer(agent.Token))).Case;
        return (agent, engineer, submitted);
    }

    private async Task<Case> AcknowledgedAsync(Case c, SignedIn engineer) =>
        (await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = c.CaseId, Version = c.Version }, Bearer(engineer.Token))).Case;

    private async Task<Case> StartWaitAsync(Case c, SignedIn engineer, string thirdParty = "Microsoft") =>
        (await stack.Cases.StartThirdPartyWaitAsync(new StartThirdPartyWaitRequest
        {
            CaseId = c.CaseId, Version = c.Version, ThirdParty = thirdParty, Reason = "Microsoft support ticket 2612030040001234: tenant media throttling.",
        }, Bearer(engineer.Token))).Case;

    private async Task<Case> CommentAsync(Case c, SignedIn author) =>
        (await stack.Cases.AddCommentAsync(new AddCommentRequest
        {
            CaseId = c.CaseId, Version = c.Version, Body = "Still looking into it.", Visibility = CommentVisibility.Public,
        }, Bearer(author.Token))).Case;

    /// <summary>The case's events in the order they were written (in the transaction of their change).</summary>
    private async Task<IReadOnlyList<Raised>> EventsAsync(string caseId)
    {
        await using var connection = new SqliteConnection($"Data Source={stack.DatabaseFile("casedb")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT message_type, payload FROM outbox_messages WHERE json_extract(payload, '$.case.caseId') = @p ORDER BY id";
        command.Parameters.AddWithValue("@p", caseId);
        var events = new List<Raised>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var body = JsonDocument.Parse(reader.GetString(1)).RootElement.Clone();
            var snapshot = body.GetProperty("case");
            events.Add(new Raised(
                reader.GetString(0),
                Text(snapshot, "clockHolder"),
                Text(snapshot, "thirdParty"),
                snapshot.TryGetProperty("changedAt", out var changed) && changed.ValueKind == JsonValueKind.String ? changed.GetDateTimeOffset() : null,
                body.GetProperty("occurredAt").GetDateTimeOffset(),
                snapshot.GetProperty("version").GetInt64(),
                body));
        }
        return events;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [Fact]
    public async Task Events_SayWhenTheCaseChanged_AndWhoseMoveItIs_FromSubmissionToResolution()
    {
        var (agent, engineer, c) = await SubmittedAsync();
        List<Case> after = [c];
        c = await AcknowledgedAsync(c, engineer);
        after.Add(c);
        c = (await stack.Cases.RequestCustomerInfoAsync(new RequestCustomerInfoRequest
        {
            CaseId = c.CaseId, Version = c.Version, Question = "Please send the SBC trace of a dropped call.",
        }, Bearer(engineer.Token))).Case;
        after.Add(c);
        c = await CommentAsync(c, agent);
        after.Add(c);
        c = (await stack.Cases.ProvideCustomerInfoAsync(new ProvideCustomerInfoRequest
        {
            CaseId = c.CaseId, Version = c.Version, Answer = "Trace attached to ticket 4711.",
        }, Bearer(agent.Token))).Case;
        after.Add(c);
        c = (await stack.Cases.ResolveCaseAsync(new ResolveCaseRequest
        {
            CaseId = c.CaseId, Version = c.Version, ResolutionSummary = "Media timeout raised in the tenant.", Cause = CauseAttribution.VendorComponent,
        }, Bearer(engineer.Token))).Case;
        after.Add(c);

        var events = await EventsAsync(c.CaseId);

        Assert.Equal(
            ["CaseSubmitted:VENDOR", "CaseAcknowledged:VENDOR", "CaseCustomerInfoRequested:CUSTOMER", "CaseCommentAdded:CUSTOMER",
             "CaseCustomerInfoProvided:VENDOR", "CaseResolved:NONE"],
            events.Select(e => e.ToString()));
        // When: the time of the change, the event's own time, and the case's last change as the caller got it.
        Assert.All(events, e => Assert.Equal(e.OccurredAt, e.ChangedAt));
        Assert.Equal(after.Select(x => (x.Version, x.UpdatedAt.ToDateTimeOffset())), events.Select(e => (e.Version, e.ChangedAt!.Value)));
        Assert.All(events, e => Assert.Null(e.ThirdParty));
    }

    [Fact]
    public async Task AReturnedCase_IsTheCustomersMove_UntilResubmitted_AndAWithdrawnOneNobodys()
    {
        var (agent, engineer, c) = await SubmittedAsync();
        c = (await stack.Cases.ReturnCaseAsync(new ReturnCaseRequest
        {
            CaseId = c.CaseId, Version = c.Version, Reason = ReturnReason.NotDetailedEnough, Explanation = "Which queue? Add the SBC logs.",
        }, Bearer(engineer.Token))).Case;
        c = (await stack.Cases.ResubmitCaseAsync(new ResubmitCaseRequest { CaseId = c.CaseId, Version = c.Version, Details = ValidCase(Priority.P2).Details }, Bearer(agent.Token))).Case;
        c = (await stack.Cases.WithdrawCaseAsync(new WithdrawCaseRequest { CaseId = c.CaseId, Version = c.Version, Reason = "Fixed by restarting the SBC." }, Bearer(agent.Token))).Case;

        var events = await EventsAsync(c.CaseId);

        Assert.Equal(["CaseSubmitted:VENDOR", "CaseReturned:CUSTOMER", "CaseResubmitted:VENDOR", "CaseWithdrawn:NONE"], events.Select(e => e.ToString()));
        Assert.All(events, e => Assert.Equal(e.OccurredAt, e.ChangedAt));
    }

    [Fact]
    public async Task AnAccessRequestAwaitingTheCustomersDecision_IsTheCustomersMove_InEveryEventMeanwhile()
    {
        var (agent, engineer, c) = await SubmittedAsync();
        c = await AcknowledgedAsync(c, engineer);
        var request = new RequestAccessRequest
        {
            CaseId = c.CaseId, System = "SBC admin console", Purpose = "Read the media timeout settings.", Duration = Duration.FromTimeSpan(TimeSpan.FromHours(2)),
        };
        var asked = (await stack.Access.RequestAccessAsync(request, Bearer(engineer.Token))).Grant;
        c = await CommentAsync(c, engineer);
        await stack.Access.ApproveAccessAsync(new ApproveAccessRequest { GrantId = asked.GrantId }, Bearer(agent.Token));
        c = await CommentAsync(c, engineer);
        // Decided while the case awaits the customer anyway: still the customer's move.
        c = (await stack.Cases.RequestCustomerInfoAsync(new RequestCustomerInfoRequest
        {
            CaseId = c.CaseId, Version = c.Version, Question = "Which SBC firmware runs there?",
        }, Bearer(engineer.Token))).Case;
        var second = (await stack.Access.RequestAccessAsync(request, Bearer(engineer.Token))).Grant;
        await stack.Access.DenyAccessAsync(new DenyAccessRequest { GrantId = second.GrantId, Reason = "Use the read-only export instead." }, Bearer(agent.Token));
        await stack.Cases.ProvideCustomerInfoAsync(new ProvideCustomerInfoRequest { CaseId = c.CaseId, Version = c.Version, Answer = "Firmware 9.1." }, Bearer(agent.Token));

        var events = await EventsAsync(c.CaseId);

        Assert.Equal(
            ["CaseSubmitted:VENDOR", "CaseAcknowledged:VENDOR", "CaseAccessChanged:CUSTOMER", "CaseCommentAdded:CUSTOMER", "CaseAccessChanged:VENDOR",
             "CaseCommentAdded:VENDOR", "CaseCustomerInfoRequested:CUSTOMER", "CaseAccessChanged:CUSTOMER", "CaseAccessChanged:CUSTOMER",
             "CaseCustomerInfoProvided:VENDOR"],
            events.Select(e => e.ToString()));
        // The access event's own clock party is decided by the same rule.
        var access = events.Where(e => e.Type == "CaseAccessChanged").ToList();
        Assert.Equal(["REQUESTED", "APPROVED", "REQUESTED", "DENIED"], access.Select(e => e.Body.GetProperty("state").GetString()));
        Assert.All(access, e => Assert.Equal(e.ClockHolder, e.Body.GetProperty("clockParty").GetString()));
        Assert.All(events, e => Assert.Equal(e.OccurredAt, e.ChangedAt));
    }

    [Fact]
    public async Task ThirdPartyWait_IsStartedAndEndedByTheVendor_ShownOnTheCase_InTheHistoryAndTheEvents()
    {
        var (agent, engineer, c) = await SubmittedAsync();
        c = await AcknowledgedAsync(c, engineer);

        c = await StartWaitAsync(c, engineer, "  Microsoft ");
        Assert.Equal(CaseStatus.Acknowledged, c.Status);
        Assert.Equal("Microsoft", c.ThirdParty);
        Assert.Equal(c.UpdatedAt, c.ThirdPartyWaitSince);
        var since = c.ThirdPartyWaitSince;

        // One wait at a time.
        var twice = await Assert.ThrowsAsync<RpcException>(() => StartWaitAsync(c, engineer, "SIP trunk provider"));
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        var precondition = Assert.Single(twice.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations);
        Assert.Equal(("THIRD_PARTY_WAIT", $"cases/{c.CaseId}"), (precondition.Type, precondition.Subject));
        Assert.Contains("Microsoft", precondition.Description);

        // Asking the customer meanwhile makes it the customer's move; the wait stays recorded.
        c = await CommentAsync(c, agent);
        c = (await stack.Cases.RequestCustomerInfoAsync(new RequestCustomerInfoRequest
        {
            CaseId = c.CaseId, Version = c.Version, Question = "Please confirm the tenant id.",
        }, Bearer(engineer.Token))).Case;
        Assert.Equal(("Microsoft", since), (c.ThirdParty, c.ThirdPartyWaitSince));
        c = (await stack.Cases.ProvideCustomerInfoAsync(new ProvideCustomerInfoRequest { CaseId = c.CaseId, Version = c.Version, Answer = "Tenant 4711." }, Bearer(agent.Token))).Case;

        c = (await stack.Cases.EndThirdPartyWaitAsync(new EndThirdPartyWaitRequest
        {
            CaseId = c.CaseId, Version = c.Version, Reason = "Microsoft lifted the throttling.",
        }, Bearer(engineer.Token))).Case;
        Assert.Equal(CaseStatus.InProgress, c.Status);
        Assert.Equal("", c.ThirdParty);
        Assert.Null(c.ThirdPartyWaitSince);
        var again = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.EndThirdPartyWaitAsync(new EndThirdPartyWaitRequest
        {
            CaseId = c.CaseId, Version = c.Version, Reason = "Once more.",
        }, Bearer(engineer.Token)).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "THIRD_PARTY_WAIT"), (again.StatusCode, again.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations[0].Type));
        c = await CommentAsync(c, engineer);

        var events = await EventsAsync(c.CaseId);
        Assert.Equal(
            ["CaseSubmitted:VENDOR", "CaseAcknowledged:VENDOR", "CaseThirdPartyWaitChanged:THIRD_PARTY", "CaseCommentAdded:THIRD_PARTY",
             "CaseCustomerInfoRequested:CUSTOMER", "CaseCustomerInfoProvided:THIRD_PARTY", "CaseThirdPartyWaitChanged:VENDOR", "CaseCommentAdded:VENDOR"],
            events.Select(e => e.ToString()));
        Assert.Equal(new string?[] { "Microsoft", "Microsoft", null, "Microsoft", null, null }, events.Skip(2).Select(e => e.ThirdParty));
        var waits = events.Where(e => e.Type == "CaseThirdPartyWaitChanged").Select(e => e.Body).ToList();
        Assert.Equal(new string?[] { "Microsoft", null }, waits.Select(w => Text(w, "thirdParty")));
        Assert.Equal(["Microsoft support ticket 2612030040001234: tenant media throttling.", "Microsoft lifted the throttling."],
            waits.Select(w => w.GetProperty("reason").GetString()));
        Assert.All(waits, w => Assert.Equal(engineer.Person.PersonId, w.GetProperty("actorId").GetString()));
        Assert.All(events, e => Assert.Equal(e.OccurredAt, e.ChangedAt));

        // The customer sees the wait in the history, with its reasons as public comments.
        var history = (await stack.Cases.ListCaseHistoryAsync(new ListCaseHistoryRequest { CaseId = c.CaseId }, Bearer(agent.Token))).Entries;
        var marks = history.Where(e => e.Of("third_party") is not null).ToList();
        Assert.Equal(
            [("third_party_wait_started", "", "Microsoft"), ("third_party_wait_ended", "Microsoft", "")],
            marks.Select(e => (e.Action, e.Of("third_party")!.OldValue, e.Of("third_party")!.NewValue)));
        Assert.All(marks, e => Assert.Equal((engineer.Person.PersonId, Party.Vendor), (e.ActorId, e.ActorParty)));
        Assert.Contains(history, e => e.Action == "comment_added" && e.Text == "Microsoft lifted the throttling." && !e.Internal);
        Assert.Equal(marks.Select(m => m.CaseVersion), events.Where(e => e.Type == "CaseThirdPartyWaitChanged").Select(e => e.Version));
        // The relay publishes the new event like the others.
        await WaitUntilAsync(async () => await Sql.CountAsync(stack.DatabaseFile("casedb"),
            "SELECT COUNT(*) FROM outbox_messages WHERE message_type = 'CaseThirdPartyWaitChanged' AND sent_at IS NOT NULL AND json_extract(payload, '$.case.caseId') = @p", c.CaseId) == 2,
            TimeSpan.FromSeconds(20), "both CaseThirdPartyWaitChanged events are published");
    }

    [Fact]
    public async Task ThirdPartyWait_EndsByItself_WhenTheCaseIsResolvedWithdrawnOrReturned()
    {
        var organization = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        async Task<Case> WaitingAsync() =>
            await StartWaitAsync(await AcknowledgedAsync((await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P2), Bearer(agent.Token))).Case, engineer), engineer);
        var (toResolve, toWithdraw, toReturn) = (await WaitingAsync(), await WaitingAsync(), await WaitingAsync());

        var resolved = (await stack.Cases.ResolveCaseAsync(new ResolveCaseRequest
        {
            CaseId = toResolve.CaseId, Version = toResolve.Version, ResolutionSummary = "Throttling lifted by Microsoft.", Cause = CauseAttribution.MicrosoftTenant,
        }, Bearer(engineer.Token))).Case;
        var withdrawn = (await stack.Cases.WithdrawCaseAsync(new WithdrawCaseRequest
        {
            CaseId = toWithdraw.CaseId, Version = toWithdraw.Version, Reason = "Solved it ourselves.",
        }, Bearer(agent.Token))).Case;
        var returned = (await stack.Cases.ReturnCaseAsync(new ReturnCaseRequest
        {
            CaseId = toReturn.CaseId, Version = toReturn.Version, Reason = ReturnReason.NotAttributable, Explanation = "This is the tenant's configuration.",
        }, Bearer(engineer.Token))).Case;

        foreach (var (c, last, actor) in new[] { (resolved, "CaseResolved:NONE", engineer), (withdrawn, "CaseWithdrawn:NONE", agent), (returned, "CaseReturned:CUSTOMER", engineer) })
        {
            Assert.Equal("", c.ThirdParty);
            Assert.Null(c.ThirdPartyWaitSince);
            var events = await EventsAsync(c.CaseId);
            Assert.Equal(["CaseThirdPartyWaitChanged:THIRD_PARTY", last], events.Skip(2).Select(e => e.ToString()));
            Assert.Null(events[^1].ThirdParty);
            // Recorded in the same change, by whoever made it.
            var history = (await stack.Cases.ListCaseHistoryAsync(new ListCaseHistoryRequest { CaseId = c.CaseId }, Bearer(engineer.Token))).Entries;
            var ended = Assert.Single(history, e => e.Action == "third_party_wait_ended");
            var wait = Assert.Single(ended.Changes);
            Assert.Equal(("third_party", "Microsoft", "", c.Version, actor.Person.PersonId), (wait.Field, wait.OldValue, wait.NewValue, ended.CaseVersion, ended.ActorId));
            var status = history.Single(e => e.Of("status") is not null && e.CaseVersion == c.Version);
            Assert.True(status.Position < ended.Position, "the state move comes first in the history");
        }
        // A resolved case reopened starts without a wait.
        var reopened = (await stack.Cases.ReopenCaseAsync(new ReopenCaseRequest { CaseId = resolved.CaseId, Version = resolved.Version, Reason = "Calls drop again." }, Bearer(agent.Token))).Case;
        Assert.Equal("", reopened.ThirdParty);
        Assert.Equal("CaseReopened:VENDOR", (await EventsAsync(reopened.CaseId))[^1].ToString());
    }

    [Fact]
    public async Task ThirdPartyWait_RefusedForTheCustomer_InOtherStates_WhenStale_OrMalformed_AndChangesNothing()
    {
        var organization = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var customerAdmin = await stack.CreatePersonAsync(organization.OrganizationId, Role.CustomerAdmin);
        var engineer = await stack.CreateVendorEngineerAsync();
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P2), Bearer(agent.Token))).Case;
        var c = await AcknowledgedAsync((await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P2), Bearer(agent.Token))).Case, engineer);
        var waiting = await StartWaitAsync(await AcknowledgedAsync((await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P2), Bearer(agent.Token))).Case, engineer), engineer);
        var cases = new[] { submitted, c, waiting };
        var before = await FootprintAsync(cases, engineer);

        StartThirdPartyWaitRequest Start(Case target, Action<StartThirdPartyWaitRequest>? change = null)
        {
            var request = new StartThirdPartyWaitRequest { CaseId = target.CaseId, Version = target.Version, ThirdParty = "Microsoft", Reason = "Ticket opened." };
            change?.Invoke(request);
            return request;
        }
        EndThirdPartyWaitRequest End(Case target, Action<EndThirdPartyWaitRequest>? change = null)
        {
            var request = new EndThirdPartyWaitRequest { CaseId = target.CaseId, Version = target.Version, Reason = "Answered." };
            change?.Invoke(request);
            return request;
        }
        async Task<RpcException> RefusedAsync<T>(AsyncUnaryCall<T> call) => await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        // Vendor-only, as the other vendor changes: the customer's staff are refused by the policy.
        foreach (var customer in new[] { agent, customerAdmin })
        {
            foreach (var refusal in new[]
            {
                await RefusedAsync(stack.Cases.StartThirdPartyWaitAsync(Start(c), Bearer(customer.Token))),
                await RefusedAsync(stack.Cases.EndThirdPartyWaitAsync(End(waiting), Bearer(customer.Token))),
            })
            {
                Assert.Equal((StatusCode.PermissionDenied, "NOT_ALLOWED_FOR_PRINCIPAL"), (refusal.StatusCode, refusal.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason));
            }
        }

        // Only while the vendor works the case; only at the version read.
        var notAcknowledged = await RefusedAsync(stack.Cases.StartThirdPartyWaitAsync(Start(submitted), Bearer(engineer.Token)));
        Assert.Equal(StatusCode.FailedPrecondition, notAcknowledged.StatusCode);
        var state = Assert.Single(notAcknowledged.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations);
        Assert.Equal("CASE_STATE", state.Type);
        Assert.Contains("SUBMITTED", state.Description);
        var noWait = await RefusedAsync(stack.Cases.EndThirdPartyWaitAsync(End(c), Bearer(engineer.Token)));
        Assert.Equal((StatusCode.FailedPrecondition, "THIRD_PARTY_WAIT"), (noWait.StatusCode, noWait.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations[0].Type));
        Assert.Equal(StatusCode.Aborted, (await RefusedAsync(stack.Cases.StartThirdPartyWaitAsync(Start(c, r => r.Version = c.Version - 1), Bearer(engineer.Token)))).StatusCode);
        Assert.Equal(StatusCode.Aborted, (await RefusedAsync(stack.Cases.EndThirdPartyWaitAsync(End(waiting, r => r.Version = waiting.Version + 1), Bearer(engineer.Token)))).StatusCode);

        // Bad input: every violation at once, named by field.
        (string[] Fields, AsyncUnaryCall<StartThirdPartyWaitResponse> Call)[] starts =
        [
            (["third_party", "reason"], stack.Cases.StartThirdPartyWaitAsync(Start(c, r => (r.ThirdParty, r.Reason) = ("", "  ")), Bearer(engineer.Token))),
            (["third_party", "reason"], stack.Cases.StartThirdPartyWaitAsync(Start(c, r => (r.ThirdParty, r.Reason) = (new string('m', 201), new string('r', 2001))), Bearer(engineer.Token))),
            (["case_id", "version"], stack.Cases.StartThirdPartyWaitAsync(Start(c, r => (r.CaseId, r.Version) = ("not-a-uuid", 0)), Bearer(engineer.Token))),
        ];
        (string[] Fields, AsyncUnaryCall<EndThirdPartyWaitResponse> Call)[] ends =
        [
            (["reason"], stack.Cases.EndThirdPartyWaitAsync(End(waiting, r => r.Reason = ""), Bearer(engineer.Token))),
            (["reason"], stack.Cases.EndThirdPartyWaitAsync(End(waiting, r => r.Reason = new string('r', 2001)), Bearer(engineer.Token))),
            (["case_id", "version"], stack.Cases.EndThirdPartyWaitAsync(End(waiting, r => (r.CaseId, r.Version) = ("", -1)), Bearer(engineer.Token))),
        ];
        foreach (var refusal in starts.Select(s => (s.Fields, Error: RefusedAsync(s.Call))).Concat(ends.Select(e => (e.Fields, Error: RefusedAsync(e.Call)))))
        {
            var error = await refusal.Error;
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Equal(refusal.Fields, error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        }
        Assert.Equal(before, await FootprintAsync(cases, engineer));
        // The longest values allowed are accepted.
        var longest = (await stack.Cases.StartThirdPartyWaitAsync(Start(c, r => (r.ThirdParty, r.Reason) = (new string('m', 200), new string('r', 2000))), Bearer(engineer.Token))).Case;
        Assert.Equal(new string('m', 200), longest.ThirdParty);
    }

    /// <summary>What a refused call must not change: each case as read, its history and its events.</summary>
    private async Task<string> FootprintAsync(IEnumerable<Case> cases, SignedIn engineer)
    {
        var parts = new List<string>();
        foreach (var c in cases)
        {
            var now = (await stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = c.CaseId }, Bearer(engineer.Token))).Case;
            var history = (await stack.Cases.ListCaseHistoryAsync(new ListCaseHistoryRequest { CaseId = c.CaseId }, Bearer(engineer.Token))).Entries;
            parts.Add($"{now}|{history.Count}|{(await EventsAsync(c.CaseId)).Count}");
        }
        return string.Join("\n", parts);
    }
}
