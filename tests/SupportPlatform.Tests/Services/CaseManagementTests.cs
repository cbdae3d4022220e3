using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

[Collection(StackCollection.Name)]
public sealed class CaseManagementTests(StackFixture fixture)
{
    private readonly ServiceStack stack = fixture.Stack;

    private async Task<(SignedIn Agent, SignedIn Engineer, Case Case)> SubmittedAsync(Priority priority = Priority.P3, CaseType type = CaseType.Incident)
    {
        var organization = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(priority, type), Bearer(agent.Token))).Case;
        return (agent, engineer, submitted);
    }

    [Fact]
    public async Task FullLifecycle_InfoRequestedAndProvided_ResolvedReopenedResolvedClosed_WithHistory()
    {
        var (agent, engineer, c) = await SubmittedAsync();
        c = (await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = c.CaseId, Version = c.Version }, Bearer(engineer.Token))).Case;
        c = (await stack.Cases.RequestCustomerInfoAsync(new RequestCustomerInfoRequest
        {
            CaseId = c.CaseId, Version = c.Version, Question = "Please send the SBC trace of a dropped call.",
        }, Bearer(engineer.Token))).Case;
        Assert.Equal(CaseStatus.AwaitingCustomer, c.Status);
        // The vendor cannot answer for the customer.
        var vendorAnswer = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.ProvideCustomerInfoAsync(new ProvideCustomerInfoRequest
        {
            CaseId = c.CaseId, Version = c.Version, Answer = "Here it is.",
        }, Bearer(engineer.Token)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, vendorAnswer.StatusCode);
        c = (await stack.Cases.ProvideCustomerInfoAsync(new ProvideCustomerInfoRequest
        {
            CaseId = c.CaseId, Version = c.Version, Answer = "Trace attached to ticket 4711.",
        }, Bearer(agent.Token))).Case;
        Assert.Equal(CaseStatus.InProgress, c.Status);
        c = (await stack.Cases.ResolveCaseAsync(new ResolveCaseRequest
        {
            CaseId = c.CaseId, Version = c.Version, ResolutionSummary = "Media timeout raised in the tenant.", Cause = CauseAttribution.VendorComponent,
        }, Bearer(engineer.Token))).Case;
        c = (await stack.Cases.ReopenCaseAsync(new ReopenCaseRequest { CaseId = c.CaseId, Version = c.Version, Reason = "Calls still drop after 45 s." }, Bearer(agent.Token))).Case;
        Assert.Equal(CaseStatus.InProgress, c.Status);
        Assert.Null(c.ResolvedAt);
        c = (await stack.Cases.ResolveCaseAsync(new ResolveCaseRequest
        {
            CaseId = c.CaseId, Version = c.Version, ResolutionSummary = "Second timeout corrected as well.", Cause = CauseAttribution.VendorComponent,
        }, Bearer(engineer.Token))).Case;
        c = (await stack.Cases.CloseCaseAsync(new CloseCaseRequest { CaseId = c.CaseId, Version = c.Version }, Bearer(agent.Token))).Case;
        Assert.Equal(CaseStatus.Closed, c.Status);

        // Closed is final: FAILED_PRECONDITION names the state.
        var again = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.ReopenCaseAsync(new ReopenCaseRequest
        {
            CaseId = c.CaseId, Version = c.Version, Reason = "One more time please.",
        }, Bearer(agent.Token)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Contains("CLOSED", again.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations[0].Description);

        var history = (await stack.Cases.ListCaseHistoryAsync(new ListCaseHistoryRequest { CaseId = c.CaseId }, Bearer(agent.Token))).Entries;
        var statuses = history.Select(e => e.Of("status")).OfType<FieldChange>().Select(e => $"{e.OldValue}->{e.NewValue}").ToList();
        Assert.Equal(
            ["->SUBMITTED", "SUBMITTED->ACKNOWLEDGED", "ACKNOWLEDGED->AWAITING_CUSTOMER", "AWAITING_CUSTOMER->IN_PROGRESS", "IN_PROGRESS->RESOLVED",
             "RESOLVED->IN_PROGRESS", "IN_PROGRESS->RESOLVED", "RESOLVED->CLOSED"],
            statuses);
        Assert.Equal(
            ["submitted", "acknowledged", "customer_info_requested", "customer_info_provided", "resolved", "reopened", "resolved", "closed"],
            history.Where(e => e.Of("status") is not null).Select(e => e.Action));
        Assert.All(history.Where(e => e.Of("status") is not null).Skip(1), e => Assert.NotEqual("", e.ActorId));
        Assert.Contains(history, e => e.Action == "comment_added" && e.Text.Contains("SBC trace") && e.ActorParty == Party.Vendor);
        // One resolution is one entry, as a person would tell it, with each field it set inside.
        var resolutions = history.Where(e => e.Action == "resolved").ToList();
        Assert.Equal(2, resolutions.Count);
        Assert.All(resolutions, e => Assert.Equal(["status", "resolution", "cause"], e.Changes.Select(change => change.Field)));
        Assert.Equal(("IN_PROGRESS", "RESOLVED"), (resolutions[0].Changes[0].OldValue, resolutions[0].Changes[0].NewValue));
        Assert.Equal(history.Count, history.Select(e => e.Position).Distinct().Count());
        Assert.Equal(history.Select(e => e.Position).Order(), history.Select(e => e.Position));
    }

    [Fact]
    public async Task ReturnedCase_IsAmendedAndResubmitted_OrWithdrawn()
    {
        var (agent, engineer, c) = await SubmittedAsync();
        c = (await stack.Cases.ReturnCaseAsync(new ReturnCaseRequest
        {
            CaseId = c.CaseId, Version = c.Version, Reason = ReturnReason.NotDetailedEnough, Explanation = "Which queue? Add the SBC logs.",
        }, Bearer(engineer.Token))).Case;
        Assert.Equal(CaseStatus.ReturnedToCustomer, c.Status);
        Assert.Equal("NOT_DETAILED_ENOUGH", c.ReturnReason);

        var amended = ValidCase().Details;
        amended.Description = "Inbound calls on the Sales queue drop after thirty seconds; SBC logs in the attachment.";
        var invalid = amended.Clone();
        invalid.AffectedUsers = 0;
        var refused = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.ResubmitCaseAsync(new ResubmitCaseRequest
        {
            CaseId = c.CaseId, Version = c.Version, Details = invalid,
        }, Bearer(agent.Token)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);

        c = (await stack.Cases.ResubmitCaseAsync(new ResubmitCaseRequest { CaseId = c.CaseId, Version = c.Version, Details = amended }, Bearer(agent.Token))).Case;
        Assert.Equal(CaseStatus.Submitted, c.Status);
        Assert.Equal(amended.Description, c.Details.Description);
        Assert.Equal("", c.ReturnReason);

        c = (await stack.Cases.WithdrawCaseAsync(new WithdrawCaseRequest { CaseId = c.CaseId, Version = c.Version, Reason = "Fixed by restarting the SBC." }, Bearer(agent.Token))).Case;
        Assert.Equal(CaseStatus.Withdrawn, c.Status);

        var history = (await stack.Cases.ListCaseHistoryAsync(new ListCaseHistoryRequest { CaseId = c.CaseId }, Bearer(agent.Token))).Entries;
        Assert.Equal(["submitted", "returned", "resubmitted", "withdrawn"], history.Where(e => e.Of("status") is not null).Select(e => e.Action));
        Assert.Equal(["returned", "resubmitted"], history.Where(e => e.Of("return_reason") is not null || e.Of("details") is not null).Select(e => e.Action));
    }

    [Fact]
    public async Task Resubmission_ByAnAgentNoLongerAuthorised_IsRefusedLikeASubmission_AndChangesNothing()
    {
        var organization = await stack.CreateCustomerAsync();
        var customerAdmin = await stack.CreatePersonAsync(organization.OrganizationId, Role.CustomerAdmin);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        var c = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P3), Bearer(agent.Token))).Case;
        var open = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P3), Bearer(agent.Token))).Case;
        c = (await stack.Cases.ReturnCaseAsync(new ReturnCaseRequest
        {
            CaseId = c.CaseId, Version = c.Version, Reason = ReturnReason.NotDetailedEnough, Explanation = "Add the SBC logs.",
        }, Bearer(engineer.Token))).Case;

        // The agent loses the phone number an authorised submitter must have.
        await stack.People.UpdateContactDetailsAsync(new UpdateContactDetailsRequest
        {
            PersonId = agent.Person.PersonId, Email = agent.Person.Email, Phone = "",
        }, Bearer(customerAdmin.Token));

        var resubmission = new ResubmitCaseRequest { CaseId = c.CaseId, Version = c.Version, Details = ValidCase(Priority.P3).Details };
        var asSubmission = await RefusedAsync(() => stack.Cases.SubmitCaseAsync(ValidCase(Priority.P3), Bearer(agent.Token)).ResponseAsync, StatusCode.PermissionDenied);
        var refused = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.ResubmitCaseAsync(resubmission, Bearer(agent.Token)).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal(asSubmission.Status.Detail, refused.Status.Detail);
        Assert.Equal("AUTHORISED_SUBMITTER_REQUIRED", refused.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        // As for any change, a case that cannot be resubmitted says so first, before who may.
        var notReturned = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.ResubmitCaseAsync(new ResubmitCaseRequest
        {
            CaseId = open.CaseId, Version = open.Version, Details = ValidCase(Priority.P3).Details,
        }, Bearer(agent.Token)).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "CASE_STATE"),
            (notReturned.StatusCode, notReturned.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations[0].Type));
        var unchanged = (await stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = c.CaseId }, Bearer(agent.Token))).Case;
        Assert.Equal((CaseStatus.ReturnedToCustomer, c.Version), (unchanged.Status, unchanged.Version));
    }

    [Fact]
    public async Task Resubmission_AfterTheContractEnded_IsFailedPreconditionLikeASubmission_AndChangesNothing()
    {
        var admin = await stack.AdminTokenAsync();
        var organization = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        var c = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P3), Bearer(agent.Token))).Case;
        c = (await stack.Cases.ReturnCaseAsync(new ReturnCaseRequest
        {
            CaseId = c.CaseId, Version = c.Version, Reason = ReturnReason.NotAttributable, Explanation = "Looks like the SIP trunk.",
        }, Bearer(engineer.Token))).Case;

        var ended = organization.Contract.Clone();
        ended.ValidFrom = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(-2));
        ended.ValidUntil = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1));
        await stack.Organizations.UpdateContractAsync(new UpdateContractRequest
        {
            OrganizationId = organization.OrganizationId, Contract = ended, ExpectedVersion = organization.Contract.Version,
        }, Bearer(admin));

        var resubmission = new ResubmitCaseRequest { CaseId = c.CaseId, Version = c.Version, Details = ValidCase(Priority.P3).Details };
        var asSubmission = await RefusedAsync(() => stack.Cases.SubmitCaseAsync(ValidCase(Priority.P3), Bearer(agent.Token)).ResponseAsync, StatusCode.FailedPrecondition);
        var refused = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.ResubmitCaseAsync(resubmission, Bearer(agent.Token)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        var violation = Assert.Single(refused.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations);
        Assert.Equal(asSubmission.GetRpcStatus()!.GetDetail<PreconditionFailure>(), refused.GetRpcStatus()!.GetDetail<PreconditionFailure>());
        Assert.Equal("SUPPORT_CONTRACT", violation.Type);
        var unchanged = (await stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = c.CaseId }, Bearer(agent.Token))).Case;
        Assert.Equal((CaseStatus.ReturnedToCustomer, c.Version), (unchanged.Status, unchanged.Version));
    }

    /// <summary>
    /// A submission's refusal once identity's change has reached the case service (its event drops
    /// the remembered submitter answer; until then a submission may still succeed).
    /// </summary>
    private static async Task<RpcException> RefusedAsync<T>(Func<Task<T>> call, StatusCode expected)
    {
        RpcException? refusal = null;
        await WaitUntilAsync(async () =>
        {
            try
            {
                await call();
                return false;
            }
            catch (RpcException exception)
            {
                refusal = exception;
                return exception.StatusCode == expected;
            }
        }, TimeSpan.FromSeconds(10), $"a submission is refused with {expected}");
        return refusal!;
    }

    [Fact]
    public async Task InternalNotes_NeverReachTheCustomer_NotInHistory_EventsOrNotifications()
    {
        var (agent, engineer, c) = await SubmittedAsync();
        const string secret = "Internal: this smells like the known 8.2 media bug, do not promise a date";
        var note = await stack.Cases.AddCommentAsync(new AddCommentRequest
        {
            CaseId = c.CaseId, Version = c.Version, Body = secret, Visibility = CommentVisibility.Internal,
        }, Bearer(engineer.Token));
        var reply = await stack.Cases.AddCommentAsync(new AddCommentRequest
        {
            CaseId = c.CaseId, Version = note.Case.Version, Body = "We are looking into it.", Visibility = CommentVisibility.Public,
        }, Bearer(engineer.Token));
        var customerInternal = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.AddCommentAsync(new AddCommentRequest
        {
            CaseId = c.CaseId, Version = reply.Case.Version, Body = "Let me hide this from my colleagues.", Visibility = CommentVisibility.Internal,
        }, Bearer(agent.Token)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, customerInternal.StatusCode);

        var vendorView = (await stack.Cases.ListCaseHistoryAsync(new ListCaseHistoryRequest { CaseId = c.CaseId }, Bearer(engineer.Token))).Entries;
        var customerView = (await stack.Cases.ListCaseHistoryAsync(new ListCaseHistoryRequest { CaseId = c.CaseId }, Bearer(agent.Token))).Entries;
        Assert.Contains(vendorView, e => e.Internal && e.Text == secret);
        Assert.DoesNotContain(customerView, e => e.Internal || e.Text.Contains("8.2 media bug"));
        Assert.Contains(customerView, e => e.Text == "We are looking into it.");

        // The public comment is notified; the note is in no event and no notification.
        await WaitUntilAsync(async () => (await stack.Notifications.ListNotificationsAsync(
            new ListNotificationsRequest { CaseId = c.CaseId }, Bearer(agent.Token))).Notifications.Any(n => n.EventType == "CaseCommentAdded"),
            TimeSpan.FromSeconds(20), "the public comment is notified");
        Assert.Equal(0, await Sql.CountAsync(stack.DatabaseFile("casedb"), "SELECT COUNT(*) FROM outbox_messages WHERE payload LIKE '%' || @p || '%'", "8.2 media bug"));
        Assert.Equal(0, await Sql.CountAsync(stack.DatabaseFile("notificationdb"), "SELECT COUNT(*) FROM notifications WHERE body LIKE '%' || @p || '%'", "8.2 media bug"));
        // Watching the organisation's changes as the customer does not show it either.
        using var watch = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var seen = new List<WatchCasesResponse>();
        using var stream = stack.Cases.WatchCases(new WatchCasesRequest { AfterPosition = 1 }, Bearer(agent.Token), cancellationToken: watch.Token);
        try
        {
            while (await stream.ResponseStream.MoveNext(watch.Token))
            {
                seen.Add(stream.ResponseStream.Current);
            }
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.Cancelled)
        {
        }
        Assert.Contains(seen, change => change.Case.CaseId == c.CaseId && change.Change.Text == "We are looking into it.");
        Assert.DoesNotContain(seen, change => change.Change.Internal || change.Change.Text.Contains("8.2 media bug"));
        Assert.All(seen, change => Assert.Equal(c.OrganizationId, change.Case.OrganizationId));
    }

    [Fact]
    public async Task AssignAndChangePriority_AreVendorAndReasonedChanges_InTheHistory()
    {
        var (agent, engineer, c) = await SubmittedAsync(Priority.P3);
        c = (await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = c.CaseId, Version = c.Version }, Bearer(engineer.Token))).Case;
        var byCustomer = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.AssignCaseAsync(new AssignCaseRequest
        {
            CaseId = c.CaseId, Version = c.Version, EngineerId = engineer.Person.PersonId, Tier = SupportTier.L2,
        }, Bearer(agent.Token)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, byCustomer.StatusCode);
        var notL3 = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.AssignCaseAsync(new AssignCaseRequest
        {
            CaseId = c.CaseId, Version = c.Version, EngineerId = engineer.Person.PersonId, Tier = SupportTier.L3,
        }, Bearer(engineer.Token)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, notL3.StatusCode);

        c = (await stack.Cases.AssignCaseAsync(new AssignCaseRequest
        {
            CaseId = c.CaseId, Version = c.Version, EngineerId = engineer.Person.PersonId, Tier = SupportTier.L2,
        }, Bearer(engineer.Token))).Case;
        Assert.Equal(engineer.Person.PersonId, c.AssigneeId);
        Assert.Equal(SupportTier.L2, c.Tier);
        Assert.Equal(CaseStatus.InProgress, c.Status);

        var noReason = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.ChangePriorityAsync(new ChangePriorityRequest
        {
            CaseId = c.CaseId, Version = c.Version, Priority = Priority.P2,
        }, Bearer(agent.Token)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noReason.StatusCode);
        c = (await stack.Cases.ChangePriorityAsync(new ChangePriorityRequest
        {
            CaseId = c.CaseId, Version = c.Version, Priority = Priority.P2, Reason = "Now the whole sales floor is affected.",
        }, Bearer(agent.Token))).Case;
        Assert.Equal(Priority.P2, c.Details.Priority);

        var history = (await stack.Cases.ListCaseHistoryAsync(new ListCaseHistoryRequest { CaseId = c.CaseId }, Bearer(engineer.Token))).Entries;
        var priority = Assert.Single(history, e => e.Of("priority") is not null);
        Assert.Equal(("P3", "P2", agent.Person.PersonId, Party.Customer), (priority.Of("priority")!.OldValue, priority.Of("priority")!.NewValue, priority.ActorId, priority.ActorParty));
        Assert.Contains(history, e => e.Of("assignee")?.NewValue == engineer.Person.PersonId);

        var mine = await stack.Cases.ListCasesAsync(new ListCasesRequest { AssigneeId = engineer.Person.PersonId, Priorities = { Priority.P2 } }, Bearer(engineer.Token));
        Assert.Contains(mine.Cases, listed => listed.CaseId == c.CaseId);
        Assert.All(mine.Cases, listed => Assert.Equal(Priority.P2, listed.Details.Priority));
    }

    [Fact]
    public async Task ListCases_KeysetPagination_HasNoDuplicatesOrGaps_WhileCasesAreInserted()
    {
        var organization = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var before = new List<string>();
        for (var index = 0; index < 12; index++)
        {
            before.Add((await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P4), Bearer(agent.Token))).Case.CaseId);
        }
        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await stack.Cases.ListCasesAsync(new ListCasesRequest { PageSize = 5, PageToken = token }, Bearer(agent.Token));
            seen.AddRange(page.Cases.Select(c => c.CaseId));
            token = page.NextPageToken;
            // Someone submits while we page.
            await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P4), Bearer(agent.Token));
        }
        while (token != "");

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(before.AsEnumerable().Reverse(), seen);

        // Vendor staff filter by organisation; everyone by last change.
        var engineer = await stack.CreateVendorEngineerAsync();
        var vendorView = await stack.Cases.ListCasesAsync(new ListCasesRequest { OrganizationId = organization.OrganizationId, PageSize = 100 }, Bearer(engineer.Token));
        Assert.All(vendorView.Cases, c => Assert.Equal(organization.OrganizationId, c.OrganizationId));
        Assert.Superset(before.ToHashSet(), vendorView.Cases.Select(c => c.CaseId).ToHashSet());
        var since = DateTimeOffset.UtcNow;
        var latest = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P4), Bearer(agent.Token))).Case;
        var recent = await stack.Cases.ListCasesAsync(new ListCasesRequest { UpdatedSince = Timestamp.FromDateTimeOffset(since) }, Bearer(agent.Token));
        Assert.Equal([latest.CaseId], recent.Cases.Select(c => c.CaseId));

        var tooBig = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.ListCasesAsync(new ListCasesRequest { PageSize = 101 }, Bearer(agent.Token)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, tooBig.StatusCode);
        var other = await stack.CreateCustomerAsync();
        var stranger = await stack.CreatePersonAsync(other.OrganizationId, Role.L1Agent);
        var theirs = await stack.Cases.ListCasesAsync(new ListCasesRequest(), Bearer(stranger.Token));
        Assert.DoesNotContain(theirs.Cases, c => before.Contains(c.CaseId));
    }

    [Fact]
    public async Task WatchCases_StreamsChanges_AndResumesFromAPosition()
    {
        var (agent, engineer, c) = await SubmittedAsync();
        // Watch from the case's last known position, so the stream cannot miss what follows.
        var start = (await stack.Cases.ListCaseHistoryAsync(new ListCaseHistoryRequest { CaseId = c.CaseId }, Bearer(agent.Token))).Entries.Max(e => e.Position);
        using var first = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var stream = stack.Cases.WatchCases(new WatchCasesRequest { AfterPosition = start }, Bearer(agent.Token), cancellationToken: first.Token);
        c = (await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = c.CaseId, Version = c.Version }, Bearer(engineer.Token))).Case;
        Assert.True(await stream.ResponseStream.MoveNext(first.Token));
        var acknowledged = stream.ResponseStream.Current;
        Assert.Equal(("ACKNOWLEDGED", CaseStatus.Acknowledged), (acknowledged.Change.Of("status")!.NewValue, acknowledged.Case.Status));
        first.Cancel();

        // Disconnected: a change happens; resuming from the last position delivers it.
        c = (await stack.Cases.AddCommentAsync(new AddCommentRequest
        {
            CaseId = c.CaseId, Version = c.Version, Body = "Working on it.", Visibility = CommentVisibility.Public,
        }, Bearer(engineer.Token))).Case;
        using var second = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var resumed = stack.Cases.WatchCases(new WatchCasesRequest { AfterPosition = acknowledged.Change.Position }, Bearer(agent.Token), cancellationToken: second.Token);
        Assert.True(await resumed.ResponseStream.MoveNext(second.Token));
        Assert.Equal("Working on it.", resumed.ResponseStream.Current.Change.Text);
        Assert.True(resumed.ResponseStream.Current.Change.Position > acknowledged.Change.Position);
    }

    [Fact]
    public async Task ListAndWatch_ByACustomerNamingAnotherOrganisation_AreBothNotFound_NamingItsOwnIsItsOwn()
    {
        var (agent, _, c) = await SubmittedAsync();
        var other = await stack.CreateCustomerAsync();
        var theirs = other.OrganizationId;

        var listed = await Assert.ThrowsAsync<RpcException>(() =>
            stack.Cases.ListCasesAsync(new ListCasesRequest { OrganizationId = theirs }, Bearer(agent.Token)).ResponseAsync);
        using var watch = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var stream = stack.Cases.WatchCases(new WatchCasesRequest { OrganizationId = theirs }, Bearer(agent.Token), cancellationToken: watch.Token);
        var watched = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext(watch.Token));

        foreach (var error in new[] { listed, watched })
        {
            Assert.Equal(StatusCode.NotFound, error.StatusCode);
            var resource = error.GetRpcStatus()!.GetDetail<ResourceInfo>();
            Assert.Equal(("organization", theirs), (resource.ResourceType, resource.ResourceName));
        }
        Assert.Equal(watched.Status.Detail, listed.Status.Detail);
        var own = await stack.Cases.ListCasesAsync(new ListCasesRequest { OrganizationId = c.OrganizationId }, Bearer(agent.Token));
        Assert.Equal([c.CaseId], own.Cases.Select(x => x.CaseId));
    }

    [Fact]
    public async Task AccessRequests_AreDecidedByTheCustomer_Expire_AndCanBeRevoked()
    {
        var (agent, engineer, c) = await SubmittedAsync();
        var request = new RequestAccessRequest
        {
            CaseId = c.CaseId, System = "SBC admin console", Purpose = "Read the media timeout settings.", Duration = Duration.FromTimeSpan(TimeSpan.FromHours(2)),
        };
        var asked = (await stack.Access.RequestAccessAsync(request, Bearer(engineer.Token))).Grant;
        Assert.Equal(AccessState.Requested, asked.State);
        var selfApproved = await Assert.ThrowsAsync<RpcException>(() =>
            stack.Access.ApproveAccessAsync(new ApproveAccessRequest { GrantId = asked.GrantId }, Bearer(engineer.Token)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, selfApproved.StatusCode);

        var approved = (await stack.Access.ApproveAccessAsync(new ApproveAccessRequest { GrantId = asked.GrantId }, Bearer(agent.Token))).Grant;
        Assert.Equal(AccessState.Approved, approved.State);
        Assert.Equal(approved.DecidedAt.ToDateTimeOffset().AddHours(2), approved.ExpiresAt.ToDateTimeOffset());
        var twice = await Assert.ThrowsAsync<RpcException>(() =>
            stack.Access.ApproveAccessAsync(new ApproveAccessRequest { GrantId = asked.GrantId }, Bearer(agent.Token)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        var revoked = (await stack.Access.RevokeAccessAsync(new RevokeAccessRequest { GrantId = asked.GrantId, Reason = "Done with the check." }, Bearer(agent.Token))).Grant;
        Assert.Equal(AccessState.Revoked, revoked.State);

        var denied = (await stack.Access.DenyAccessAsync(new DenyAccessRequest
        {
            GrantId = (await stack.Access.RequestAccessAsync(request, Bearer(engineer.Token))).Grant.GrantId, Reason = "Use the read-only export instead.",
        }, Bearer(agent.Token))).Grant;
        Assert.Equal(AccessState.Denied, denied.State);

        var list = (await stack.Access.ListAccessGrantsAsync(new ListAccessGrantsRequest { CaseId = c.CaseId }, Bearer(agent.Token))).Grants;
        Assert.Equal([AccessState.Denied, AccessState.Revoked], list.Select(g => g.State));
        // Waiting for the customer's decision is customer time: the events say so.
        Assert.Equal(1, await Sql.CountAsync(stack.DatabaseFile("casedb"),
            "SELECT COUNT(*) FROM outbox_messages WHERE message_type = 'CaseAccessChanged' AND payload LIKE '%\"state\":\"REQUESTED\"%\"clockParty\":\"CUSTOMER\"%' AND payload LIKE '%' || @p || '%'", asked.GrantId));
    }

    [Fact]
    public async Task UnsupportedOnPremisesVersion_IsAcceptedButFlagged_WithTheUpgradeAsTheCustomersTask()
    {
        var organization = await stack.CreateCustomerAsync(deployment: Deployment.OnPremises);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var old = ValidCase(deployment: Deployment.OnPremises);
        old.Details.ProductVersion = "7.0.12";
        var current = ValidCase(deployment: Deployment.OnPremises);

        var flagged = (await stack.Cases.SubmitCaseAsync(old, Bearer(agent.Token))).Case;
        var fine = (await stack.Cases.SubmitCaseAsync(current, Bearer(agent.Token))).Case;

        Assert.False(flagged.VersionSupport.Supported);
        Assert.Equal("7.0", flagged.VersionSupport.PolicyVersion);
        Assert.Contains("customer's task", flagged.VersionSupport.RequiredAction);
        Assert.True(fine.VersionSupport.Supported);
        Assert.Equal("", fine.VersionSupport.RequiredAction);
    }
}
