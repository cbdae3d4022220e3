using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Escalation.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Rca.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// The RCA as the place where the analysis is written, reviewed and published: ownership by cause,
/// review round trips, publication criteria, linked incidents, tenant isolation and internal notes,
/// through the real services and broker.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class RcaAnalysisTests(StackFixture fixture)
{
    private readonly ServiceStack stack = fixture.Stack;

    private sealed record Incident(SignedIn Agent, SignedIn Engineer, Case Case, SupportPlatform.Rca.V1.Rca Rca);

    /// <summary>A P1 incident submitted by a new customer's agent, resolved with <paramref name="cause"/>, and its RCA once it exists.</summary>
    private async Task<Incident> ResolvedP1Async(CauseAttribution cause, SignedIn? agent = null, SignedIn? engineer = null, Func<Case, Task>? beforeResolution = null)
    {
        agent ??= await stack.CreatePersonAsync((await stack.CreateCustomerAsync()).OrganizationId, Role.L1Agent);
        engineer ??= await stack.CreateVendorEngineerAsync();
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P1), Bearer(agent.Token))).Case;
        var acknowledged = (await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version }, Bearer(engineer.Token))).Case;
        if (beforeResolution is not null)
        {
            await beforeResolution(acknowledged);
        }
        var resolved = (await stack.Cases.ResolveCaseAsync(new ResolveCaseRequest
        {
            CaseId = submitted.CaseId, Version = acknowledged.Version, ResolutionSummary = "Restored service by rolling back the change.", Cause = cause,
        }, Bearer(engineer.Token))).Case;
        return new Incident(agent, engineer, resolved, await RcaOfAsync(resolved.CaseId, engineer));
    }

    private async Task<SupportPlatform.Rca.V1.Rca> RcaOfAsync(string caseId, SignedIn reader)
    {
        SupportPlatform.Rca.V1.Rca? rca = null;
        await WaitUntilAsync(async () =>
        {
            rca = (await stack.Rcas.ListRcasAsync(new ListRcasRequest { CaseId = caseId }, Bearer(reader.Token))).Rcas.SingleOrDefault();
            return rca is not null;
        }, TimeSpan.FromSeconds(20), "the RCA exists");
        return rca!;
    }

    /// <summary>Waits for the person's (or, for vendor staff, the queue's) notification of the event about the RCA.</summary>
    private async Task<SupportPlatform.Notification.V1.Notification> NotifiedAsync(SignedIn reader, string rcaId, string eventType, RecipientKind kind)
    {
        SupportPlatform.Notification.V1.Notification? found = null;
        await WaitUntilAsync(async () =>
        {
            var all = (await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest { PageSize = 100 }, Bearer(reader.Token))).Notifications;
            found = all.SingleOrDefault(n => n.RcaId == rcaId && n.EventType == eventType && n.RecipientKind == kind);
            return found is not null;
        }, TimeSpan.FromSeconds(20), $"{eventType} is notified");
        return found!;
    }

    private static async Task<RpcException> RefusedAsync<T>(Func<AsyncUnaryCall<T>> call, StatusCode expected)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => call().ResponseAsync);
        Assert.Equal(expected, refused.StatusCode);
        return refused;
    }

    private static RcaAnalysis CompleteAnalysis(DateTimeOffset started) => new()
    {
        Summary = "Inbound calls dropped after thirty seconds for two hours.",
        Impact = new CustomerImpact
        {
            Description = "The contact centre could not take calls.", AffectedUsers = 120,
            StartedAt = Timestamp.FromDateTimeOffset(started), EndedAt = Timestamp.FromDateTimeOffset(started.AddHours(2)),
        },
        Detection = "Agents reported dropped calls.",
        Trigger = "A firmware update of the SBC.",
        ContributingFactors = { "The SBC firmware was rolled out to all sites at once." },
        FiveWhys = { "Media stopped after 30 s.", "The SBC dropped the session refresh." },
        RootCause = "The new SBC firmware rejects session refreshes without a Supported: timer header.",
        Resolution = "The firmware was rolled back.",
        Lessons = new Lessons { WentWell = { "Quick rollback." }, WentWrong = { "No staged roll-out." }, GotLucky = { "It happened at a quiet hour." } },
    };

    [Fact]
    public async Task AChangeOfCause_MovesOwnership_IsRecorded_AndBothPartiesAreTold()
    {
        var incident = await ResolvedP1Async(CauseAttribution.VendorComponent);
        var (agent, engineer, rca) = (incident.Agent, incident.Engineer, incident.Rca);
        Assert.Equal(Party.Vendor, rca.Owner);
        Assert.Equal(Party.Customer, rca.Reviewer);
        Assert.Equal(CauseAttribution.VendorComponent, rca.CauseAttribution);

        // The customer may not attribute the cause; a stale version is refused.
        await RefusedAsync(() => stack.Rcas.AttributeCauseAsync(new AttributeCauseRequest
        {
            RcaId = rca.RcaId, ExpectedVersion = rca.Version, Cause = CauseAttribution.Unknown, Justification = "Not ours.",
        }, Bearer(agent.Token)), StatusCode.PermissionDenied);
        var stale = await RefusedAsync(() => stack.Rcas.AttributeCauseAsync(new AttributeCauseRequest
        {
            RcaId = rca.RcaId, ExpectedVersion = rca.Version + 5, Cause = CauseAttribution.Sbc, Justification = "The SBC logs show it.",
        }, Bearer(engineer.Token)), StatusCode.Aborted);
        Assert.Equal(rca.Version.ToString(), stale.GetRpcStatus()!.GetDetail<ErrorInfo>().Metadata["current_version"]);

        var moved = (await stack.Rcas.AttributeCauseAsync(new AttributeCauseRequest
        {
            RcaId = rca.RcaId, ExpectedVersion = rca.Version, Cause = CauseAttribution.Sbc,
            Justification = "The SBC's logs show it dropped the session refresh after its firmware update.",
        }, Bearer(engineer.Token))).Rca;

        Assert.Equal(Party.Customer, moved.Owner);
        Assert.Equal(Party.Vendor, moved.Reviewer);
        Assert.Equal(CauseAttribution.Sbc, moved.CauseAttribution);
        Assert.Equal(CauseAttribution.Sbc, moved.CauseAttribution);
        Assert.Equal(rca.Version + 1, moved.Version);
        var history = (await stack.Rcas.GetRcaHistoryAsync(new GetRcaHistoryRequest { RcaId = rca.RcaId }, Bearer(agent.Token))).Entries;
        // One attribution is one entry: the cause, its justification and the owner it moved to.
        var attribution = history.Single(entry => entry.Action == "cause_attributed" && entry.Of("owner") is not null);
        Assert.Equal(["cause", "cause_justification", "owner"], attribution.Changes.Select(change => change.Field));
        Assert.Equal(("VENDOR", "CUSTOMER", engineer.Person.PersonId, Party.Vendor), (attribution.Of("owner")!.OldValue, attribution.Of("owner")!.NewValue, attribution.ActorId, attribution.ActorParty));
        Assert.Equal(("VENDOR_COMPONENT", "SBC"), (attribution.Of("cause")!.OldValue, attribution.Of("cause")!.NewValue));
        Assert.StartsWith("The SBC's logs", attribution.Of("cause_justification")!.NewValue, StringComparison.Ordinal);

        // Both parties are told: the case's submitter, and the vendor's queue.
        var toCustomer = await NotifiedAsync(agent, rca.RcaId, "RcaCauseAttributed", RecipientKind.Person);
        Assert.Equal(agent.Person.PersonId, toCustomer.RecipientId);
        Assert.Contains("customer", toCustomer.Subject);
        await NotifiedAsync(engineer, rca.RcaId, "RcaCauseAttributed", RecipientKind.VendorSupportQueue);
        Assert.Equal(1, await Sql.CountAsync(stack.DatabaseFile("rcadb"),
            "SELECT COUNT(*) FROM outbox_messages WHERE message_type = 'RcaCauseAttributed' AND payload LIKE '%' || @p || '%'", rca.RcaId));

        // Now the customer writes it, and the vendor no longer may.
        await RefusedAsync(() => stack.Rcas.UpdateRcaAnalysisAsync(new UpdateRcaAnalysisRequest
        {
            RcaId = rca.RcaId, ExpectedVersion = moved.Version, Analysis = new RcaAnalysis { Summary = "Vendor's view." },
        }, Bearer(engineer.Token)), StatusCode.PermissionDenied);
        var written = (await stack.Rcas.UpdateRcaAnalysisAsync(new UpdateRcaAnalysisRequest
        {
            RcaId = rca.RcaId, ExpectedVersion = moved.Version, Analysis = new RcaAnalysis { Summary = "Our SBC dropped calls." },
        }, Bearer(agent.Token))).Rca;
        Assert.Equal(RcaState.InAnalysis, written.State);
    }

    [Fact]
    public async Task TheLargestAnalysisTheRulesAllow_IsTakenWhole_ThoughItIsOverAMebibyte()
    {
        var incident = await ResolvedP1Async(CauseAttribution.Sbc);
        // Every text at 4,000 characters and five lists of 100 entries of 2,000, in 3-byte characters.
        string Text(int length) => new('€', length);
        List<string> Full() => Enumerable.Range(0, 100).Select(index => index.ToString("D3", System.Globalization.CultureInfo.InvariantCulture) + Text(1_997)).ToList();
        var analysis = new RcaAnalysis
        {
            Summary = Text(4_000), Detection = Text(4_000), Trigger = Text(4_000), RootCause = Text(4_000), Resolution = Text(4_000),
            Impact = new CustomerImpact { Description = Text(4_000), AffectedUsers = 1_200 },
            ContributingFactors = { Full() }, FiveWhys = { Full() },
            Lessons = new Lessons { WentWell = { Full() }, WentWrong = { Full() }, GotLucky = { Full() } },
        };
        var request = new UpdateRcaAnalysisRequest { RcaId = incident.Rca.RcaId, ExpectedVersion = incident.Rca.Version, Analysis = analysis };
        Assert.True(request.CalculateSize() > 2 * 1024 * 1024, $"{request.CalculateSize():N0} bytes");

        var written = (await stack.Rcas.UpdateRcaAnalysisAsync(request, Bearer(incident.Agent.Token))).Rca;

        Assert.Equal(analysis, written.Analysis);
        Assert.Equal(analysis, (await stack.Rcas.GetRcaAsync(new GetRcaRequest { RcaId = written.RcaId }, Bearer(incident.Engineer.Token))).Rca.Analysis);
    }

    [Fact]
    public async Task Review_RoundTrips_AndPublicationWaitsForApprovalAndTheCriteria()
    {
        var incident = await ResolvedP1Async(CauseAttribution.Sbc);
        var (agent, engineer) = (incident.Agent, incident.Engineer);
        var rca = incident.Rca;
        Assert.Equal(Party.Customer, rca.Owner);

        // Nothing written yet: review is refused for the state.
        var early = await RefusedAsync(() => stack.Rcas.SubmitRcaForReviewAsync(new SubmitRcaForReviewRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version }, Bearer(agent.Token)), StatusCode.FailedPrecondition);
        Assert.Contains("in state REQUIRED", early.Status.Detail);

        rca = (await stack.Rcas.UpdateRcaAnalysisAsync(new UpdateRcaAnalysisRequest
        {
            RcaId = rca.RcaId, ExpectedVersion = rca.Version, Analysis = new RcaAnalysis { Summary = "Calls dropped." },
        }, Bearer(agent.Token))).Rca;
        var incomplete = await RefusedAsync(() => stack.Rcas.SubmitRcaForReviewAsync(new SubmitRcaForReviewRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version }, Bearer(agent.Token)), StatusCode.FailedPrecondition);
        Assert.Equal(["analysis.impact", "timeline", "analysis.root_cause", "actions"],
            incomplete.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations.Select(v => v.Subject[$"rcas/{rca.RcaId}/".Length..]));
        Assert.Equal(RcaState.InAnalysis, (await stack.Rcas.GetRcaAsync(new GetRcaRequest { RcaId = rca.RcaId }, Bearer(agent.Token))).Rca.State);

        // The analysis, an entry of what happened, and a preventive action owned by the agent.
        var started = incident.Case.CreatedAt.ToDateTimeOffset().AddHours(-1);
        rca = (await stack.Rcas.UpdateRcaAnalysisAsync(new UpdateRcaAnalysisRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version, Analysis = CompleteAnalysis(started) }, Bearer(agent.Token))).Rca;
        var entry = await stack.Rcas.AddTimelineEntryAsync(new AddTimelineEntryRequest
        {
            RcaId = rca.RcaId, ExpectedVersion = rca.Version, OccurredAt = Timestamp.FromDateTimeOffset(started), Description = "SBC firmware 9.1 installed on all sites.",
        }, Bearer(agent.Token));
        rca = entry.Rca;
        Assert.Equal(TimelineSource.Author, entry.Entry.Source);
        var unknownOwner = await RefusedAsync(() => stack.Rcas.AddRcaActionAsync(new AddRcaActionRequest
        {
            RcaId = rca.RcaId, ExpectedVersion = rca.Version,
            Action = new RcaAction { Type = ActionType.Preventive, Description = "Stage SBC firmware roll-outs.", OwnerParty = Party.Customer,
                OwnerPersonId = engineer.Person.PersonId, DueAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(30)) },
        }, Bearer(agent.Token)), StatusCode.InvalidArgument);
        Assert.Equal("action.owner_person_id", unknownOwner.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
        var added = await stack.Rcas.AddRcaActionAsync(new AddRcaActionRequest
        {
            RcaId = rca.RcaId, ExpectedVersion = rca.Version,
            Action = new RcaAction { Type = ActionType.Preventive, Description = "Stage SBC firmware roll-outs.", OwnerParty = Party.Customer,
                OwnerPersonId = agent.Person.PersonId, DueAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(30)) },
        }, Bearer(agent.Token));
        rca = added.Rca;
        Assert.Equal(ActionStatus.Open, added.Action.Status);

        rca = (await stack.Rcas.SubmitRcaForReviewAsync(new SubmitRcaForReviewRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version }, Bearer(agent.Token))).Rca;
        Assert.Equal(RcaState.InReview, rca.State);
        await NotifiedAsync(engineer, rca.RcaId, "RcaReviewRequested", RecipientKind.VendorSupportQueue);

        // The owner cannot approve its own RCA, nor publish it unapproved; the vendor asks for changes.
        await RefusedAsync(() => stack.Rcas.ApproveRcaAsync(new ApproveRcaRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version }, Bearer(agent.Token)), StatusCode.PermissionDenied);
        var unapproved = await RefusedAsync(() => stack.Rcas.PublishRcaAsync(new PublishRcaRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version }, Bearer(agent.Token)), StatusCode.FailedPrecondition);
        Assert.Equal("RCA_NOT_APPROVED", unapproved.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations.Single().Type);
        var editInReview = await RefusedAsync(() => stack.Rcas.UpdateRcaAnalysisAsync(new UpdateRcaAnalysisRequest
        {
            RcaId = rca.RcaId, ExpectedVersion = rca.Version, Analysis = CompleteAnalysis(started),
        }, Bearer(agent.Token)), StatusCode.FailedPrecondition);
        Assert.Contains("in state IN_REVIEW", editInReview.Status.Detail);
        rca = (await stack.Rcas.RequestRcaChangesAsync(new RequestRcaChangesRequest
        {
            RcaId = rca.RcaId, ExpectedVersion = rca.Version, Reason = "Say which sites got the firmware, and when.",
        }, Bearer(engineer.Token))).Rca;
        Assert.Equal(RcaState.InAnalysis, rca.State);
        Assert.Equal("Say which sites got the firmware, and when.", rca.ChangesRequested);
        var changesRequested = await NotifiedAsync(agent, rca.RcaId, "RcaReviewed", RecipientKind.Person);
        Assert.Contains("Say which sites", changesRequested.Body);

        // Revised, resubmitted, approved, published by the customer (the vendor may not publish it).
        var revised = CompleteAnalysis(started);
        revised.Trigger = "A firmware update of the SBCs in Amsterdam and Utrecht at 08:00.";
        rca = (await stack.Rcas.UpdateRcaAnalysisAsync(new UpdateRcaAnalysisRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version, Analysis = revised }, Bearer(agent.Token))).Rca;
        rca = (await stack.Rcas.SubmitRcaForReviewAsync(new SubmitRcaForReviewRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version }, Bearer(agent.Token))).Rca;
        rca = (await stack.Rcas.ApproveRcaAsync(new ApproveRcaRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version, Remark = "Clear." }, Bearer(engineer.Token))).Rca;
        Assert.NotNull(rca.ApprovedAt);
        Assert.Equal(RcaState.InReview, rca.State);
        await RefusedAsync(() => stack.Rcas.PublishRcaAsync(new PublishRcaRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version }, Bearer(engineer.Token)), StatusCode.PermissionDenied);

        // Cancelling the only action while in review breaks the criteria: publication is refused for it.
        var action = rca.Actions.Single();
        action.Status = ActionStatus.Cancelled;
        rca = (await stack.Rcas.UpdateRcaActionAsync(new UpdateRcaActionRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version, Action = action }, Bearer(agent.Token))).Rca;
        var noActions = await RefusedAsync(() => stack.Rcas.PublishRcaAsync(new PublishRcaRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version }, Bearer(agent.Token)), StatusCode.FailedPrecondition);
        Assert.Equal($"rcas/{rca.RcaId}/actions", noActions.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations.Single().Subject);
        action = rca.Actions.Single();
        action.Status = ActionStatus.Open;
        rca = (await stack.Rcas.UpdateRcaActionAsync(new UpdateRcaActionRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version, Action = action }, Bearer(agent.Token))).Rca;

        var published = (await stack.Rcas.PublishRcaAsync(new PublishRcaRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version }, Bearer(agent.Token))).Rca;
        Assert.Equal(RcaState.Published, published.State);
        Assert.NotNull(published.PublishedAt);
        await NotifiedAsync(engineer, rca.RcaId, "RcaPublished", RecipientKind.VendorSupportQueue);
        // The agent who published is not told of it (one transaction wrote the queue's notification and any of theirs).
        Assert.DoesNotContain((await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest { PageSize = 100 }, Bearer(agent.Token))).Notifications,
            n => n.RcaId == rca.RcaId && n.EventType == "RcaPublished");

        // Published: the analysis is final, its actions are still followed up by their owner.
        await RefusedAsync(() => stack.Rcas.UpdateRcaAnalysisAsync(new UpdateRcaAnalysisRequest { RcaId = rca.RcaId, ExpectedVersion = published.Version, Analysis = revised }, Bearer(agent.Token)), StatusCode.FailedPrecondition);
        action = published.Actions.Single();
        action.Status = ActionStatus.Done;
        var done = (await stack.Rcas.UpdateRcaActionAsync(new UpdateRcaActionRequest { RcaId = rca.RcaId, ExpectedVersion = published.Version, Action = action }, Bearer(agent.Token))).Rca;
        Assert.Equal(ActionStatus.Done, done.Actions.Single().Status);
        Assert.NotNull(done.Actions.Single().CompletedAt);

        // Listed by state and owner.
        var listed = (await stack.Rcas.ListRcasAsync(new ListRcasRequest { State = RcaState.Published, Owner = Party.Customer }, Bearer(agent.Token))).Rcas;
        Assert.Equal([rca.RcaId], listed.Select(shown => shown.RcaId));
        Assert.Empty((await stack.Rcas.ListRcasAsync(new ListRcasRequest { Owner = Party.Vendor }, Bearer(agent.Token))).Rcas);
        Assert.Empty((await stack.Rcas.ListRcasAsync(new ListRcasRequest { State = RcaState.InReview }, Bearer(agent.Token))).Rcas);

        var actions = (await stack.Rcas.GetRcaHistoryAsync(new GetRcaHistoryRequest { RcaId = rca.RcaId }, Bearer(agent.Token))).Entries.Select(entry => entry.Action).Distinct();
        Assert.Equal(["created", "analysis_updated", "timeline_entry_added", "action_added", "submitted_for_review", "changes_requested", "approved", "action_updated", "published"], actions);

        var document = await stack.Rcas.RenderRcaAsync(new RenderRcaRequest { RcaId = rca.RcaId }, Bearer(agent.Token));
        Assert.Contains("# Root cause analysis: Inbound calls drop after thirty seconds", document.Markdown);
        Assert.Contains("SBC firmware 9.1 installed on all sites.", document.Markdown);
        Assert.Contains("<h2>Root cause</h2>", document.Html);
        Assert.DoesNotContain("Draft", document.Markdown);
    }

    [Fact]
    public async Task TwoIncidents_CanShareOneRca_AndUnlinkingGivesACaseItsOwnRcaBack()
    {
        var first = await ResolvedP1Async(CauseAttribution.VendorComponent);
        var second = await ResolvedP1Async(CauseAttribution.VendorComponent, first.Agent, first.Engineer);
        var engineer = first.Engineer;
        Assert.NotEqual(first.Rca.RcaId, second.Rca.RcaId);

        var linked = (await stack.Rcas.LinkCaseAsync(new LinkCaseRequest { RcaId = first.Rca.RcaId, ExpectedVersion = first.Rca.Version, CaseId = second.Case.CaseId }, Bearer(engineer.Token))).Rca;

        Assert.Equal([first.Case.CaseId, second.Case.CaseId], linked.CaseIds);
        Assert.Contains(linked.Timeline, entry => entry.CaseId == second.Case.CaseId && entry.Source == TimelineSource.CaseHistory && entry.Description.Contains("submitted"));
        Assert.Equal(linked.RcaId, (await RcaOfAsync(second.Case.CaseId, engineer)).RcaId);
        var merged = (await stack.Rcas.GetRcaAsync(new GetRcaRequest { RcaId = second.Rca.RcaId }, Bearer(engineer.Token))).Rca;
        Assert.Equal(RcaState.Merged, merged.State);
        Assert.Equal(linked.RcaId, merged.MergedInto);
        Assert.Empty(merged.CaseIds);
        await RefusedAsync(() => stack.Rcas.LinkCaseAsync(new LinkCaseRequest { RcaId = first.Rca.RcaId, ExpectedVersion = linked.Version, CaseId = second.Case.CaseId }, Bearer(engineer.Token)), StatusCode.AlreadyExists);

        // The case that created the RCA stays; the other goes back to its own.
        await RefusedAsync(() => stack.Rcas.UnlinkCaseAsync(new UnlinkCaseRequest { RcaId = linked.RcaId, ExpectedVersion = linked.Version, CaseId = first.Case.CaseId, Reason = "Wrong." }, Bearer(engineer.Token)), StatusCode.FailedPrecondition);
        var unlinked = await stack.Rcas.UnlinkCaseAsync(new UnlinkCaseRequest
        {
            RcaId = linked.RcaId, ExpectedVersion = linked.Version, CaseId = second.Case.CaseId, Reason = "A different tenant and a different cause.",
        }, Bearer(engineer.Token));
        Assert.Equal([first.Case.CaseId], unlinked.Rca.CaseIds);
        Assert.DoesNotContain(unlinked.Rca.Timeline, entry => entry.CaseId == second.Case.CaseId);
        Assert.Equal(second.Rca.RcaId, unlinked.NewRcaId);
        var restored = (await stack.Rcas.GetRcaAsync(new GetRcaRequest { RcaId = second.Rca.RcaId }, Bearer(engineer.Token))).Rca;
        Assert.Equal((RcaState.Required, ""), (restored.State, restored.MergedInto));
        Assert.Equal([second.Case.CaseId], restored.CaseIds);

        // Only incidents of the RCA's own organisation can be linked.
        var question = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P3, CaseType.Question), Bearer(first.Agent.Token))).Case;
        var notIncident = await RefusedAsync(() => stack.Rcas.LinkCaseAsync(new LinkCaseRequest { RcaId = linked.RcaId, ExpectedVersion = unlinked.Rca.Version, CaseId = question.CaseId }, Bearer(engineer.Token)), StatusCode.FailedPrecondition);
        Assert.Equal("CASE_NOT_AN_INCIDENT", notIncident.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations.Single().Type);
        var elsewhere = await ResolvedP1Async(CauseAttribution.VendorComponent, engineer: engineer);
        var otherOrganisation = await RefusedAsync(() => stack.Rcas.LinkCaseAsync(new LinkCaseRequest { RcaId = linked.RcaId, ExpectedVersion = unlinked.Rca.Version, CaseId = elsewhere.Case.CaseId }, Bearer(engineer.Token)), StatusCode.FailedPrecondition);
        Assert.Equal("CASE_OF_ANOTHER_ORGANIZATION", otherOrganisation.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations.Single().Type);
    }

    [Fact]
    public async Task AnotherOrganisationsRca_IsNotFound_AndInternalNotesNeverReachTheCustomer()
    {
        var incident = await ResolvedP1Async(CauseAttribution.Sbc);
        var (agent, engineer, rca) = (incident.Agent, incident.Engineer, incident.Rca);
        var stranger = await stack.CreatePersonAsync((await stack.CreateCustomerAsync()).OrganizationId, Role.L1Agent);

        await RefusedAsync(() => stack.Rcas.GetRcaAsync(new GetRcaRequest { RcaId = rca.RcaId }, Bearer(stranger.Token)), StatusCode.NotFound);
        await RefusedAsync(() => stack.Rcas.GetRcaHistoryAsync(new GetRcaHistoryRequest { RcaId = rca.RcaId }, Bearer(stranger.Token)), StatusCode.NotFound);
        await RefusedAsync(() => stack.Rcas.RenderRcaAsync(new RenderRcaRequest { RcaId = rca.RcaId }, Bearer(stranger.Token)), StatusCode.NotFound);
        await RefusedAsync(() => stack.Rcas.AddRcaCommentAsync(new AddRcaCommentRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version, Body = "Hello", Visibility = CommentVisibility.Public }, Bearer(stranger.Token)), StatusCode.NotFound);
        await RefusedAsync(() => stack.Rcas.UpdateRcaAnalysisAsync(new UpdateRcaAnalysisRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version, Analysis = new RcaAnalysis() }, Bearer(stranger.Token)), StatusCode.NotFound);
        Assert.DoesNotContain((await stack.Rcas.ListRcasAsync(new ListRcasRequest { PageSize = 100 }, Bearer(stranger.Token))).Rcas, shown => shown.RcaId == rca.RcaId);
        Assert.Empty((await stack.Rcas.ListRcasAsync(new ListRcasRequest { OrganizationId = rca.OrganizationId }, Bearer(stranger.Token))).Rcas);
        Assert.Equal([rca.RcaId], (await stack.Rcas.ListRcasAsync(new ListRcasRequest { OrganizationId = rca.OrganizationId }, Bearer(engineer.Token))).Rcas.Select(shown => shown.RcaId));
        // The customer's own case, linked by a stranger: the case is not found for them either.
        await RefusedAsync(() => stack.Rcas.LinkCaseAsync(new LinkCaseRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version, CaseId = incident.Case.CaseId }, Bearer(stranger.Token)), StatusCode.NotFound);

        const string note = "Internal: the customer's SBC admin ignored our firmware advisory twice.";
        rca = (await stack.Rcas.AddRcaCommentAsync(new AddRcaCommentRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version, Body = note, Visibility = CommentVisibility.Internal }, Bearer(engineer.Token))).Rca;
        rca = (await stack.Rcas.AddRcaCommentAsync(new AddRcaCommentRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version, Body = "Please attach the SBC logs.", Visibility = CommentVisibility.Public }, Bearer(engineer.Token))).Rca;
        await RefusedAsync(() => stack.Rcas.AddRcaCommentAsync(new AddRcaCommentRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version, Body = "Secret?", Visibility = CommentVisibility.Internal }, Bearer(agent.Token)), StatusCode.PermissionDenied);

        var vendorView = (await stack.Rcas.GetRcaHistoryAsync(new GetRcaHistoryRequest { RcaId = rca.RcaId }, Bearer(engineer.Token))).Entries;
        Assert.Contains(vendorView, entry => entry.Text == note && entry.Internal);
        var customerView = (await stack.Rcas.GetRcaHistoryAsync(new GetRcaHistoryRequest { RcaId = rca.RcaId }, Bearer(agent.Token))).Entries;
        Assert.DoesNotContain(customerView, entry => entry.Text.Contains("advisory"));
        Assert.Contains(customerView, entry => entry.Text == "Please attach the SBC logs.");

        // The public comment reaches the customer; the note is in no event, notification or document.
        var told = await NotifiedAsync(agent, rca.RcaId, "RcaCommentAdded", RecipientKind.Person);
        Assert.Equal("Please attach the SBC logs.", told.Body);
        var all = (await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest { PageSize = 100 }, Bearer(agent.Token))).Notifications;
        Assert.DoesNotContain(all, n => n.Body.Contains("advisory") || n.Subject.Contains("advisory"));
        Assert.Equal(0, await Sql.CountAsync(stack.DatabaseFile("rcadb"), "SELECT COUNT(*) FROM outbox_messages WHERE payload LIKE '%' || @p || '%'", "advisory"));
        Assert.DoesNotContain("advisory", (await stack.Rcas.RenderRcaAsync(new RenderRcaRequest { RcaId = rca.RcaId }, Bearer(engineer.Token))).Markdown);
    }

    [Fact]
    public async Task Timeline_IsSeededFromTheCasesHistory_WithItsEscalations()
    {
        var agent = await stack.CreatePersonAsync((await stack.CreateCustomerAsync()).OrganizationId, Role.L1Agent);
        string? escalationId = null;
        var incident = await ResolvedP1Async(CauseAttribution.VendorComponent, agent, beforeResolution: acknowledged =>
            // The customer asks for the support manager while the vendor works the case.
            WaitUntilAsync(async () =>
            {
                try
                {
                    escalationId = (await stack.Escalations.EscalateCaseAsync(new EscalateCaseRequest
                    {
                        CaseId = acknowledged.CaseId, Kind = EscalationKind.Hierarchical, Reason = "Our contact centre has been down for an hour.",
                    }, Bearer(agent.Token))).Escalation.EscalationId;
                    return true;
                }
                catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(20), "the escalation service knows the case"));

        SupportPlatform.Rca.V1.Rca rca = incident.Rca;
        await WaitUntilAsync(async () =>
        {
            rca = (await stack.Rcas.GetRcaAsync(new GetRcaRequest { RcaId = incident.Rca.RcaId }, Bearer(agent.Token))).Rca;
            return rca.Timeline.Count == 4;
        }, TimeSpan.FromSeconds(20), "the timeline has four entries");

        Assert.All(rca.Timeline, entry => Assert.Equal((TimelineSource.CaseHistory, incident.Case.CaseId), (entry.Source, entry.CaseId)));
        Assert.Collection(rca.Timeline,
            entry => Assert.StartsWith("P1 incident submitted", entry.Description),
            entry => Assert.StartsWith("The vendor acknowledged", entry.Description),
            entry => Assert.Equal("Escalated to the vendor's support manager, at the customer's request.", entry.Description),
            entry => Assert.StartsWith("The vendor resolved", entry.Description));
        Assert.Equal(incident.Case.CreatedAt, rca.Timeline[0].OccurredAt);
        Assert.Equal(incident.Case.ResolvedAt, rca.Timeline[3].OccurredAt);
        Assert.NotNull(escalationId);
        Assert.DoesNotContain(rca.Timeline, entry => entry.Description.Contains("contact centre has been down"));
        // Seeded entries stay: they are facts of the case. (The RCA may still be changing from the
        // case's events: a stale version is ABORTED, and a client reads again and retries.)
        RpcException? seeded = null;
        await WaitUntilAsync(async () =>
        {
            var current = (await stack.Rcas.GetRcaAsync(new GetRcaRequest { RcaId = rca.RcaId }, Bearer(incident.Engineer.Token))).Rca;
            seeded = await Assert.ThrowsAsync<RpcException>(() => stack.Rcas.RemoveTimelineEntryAsync(new RemoveTimelineEntryRequest
            {
                RcaId = current.RcaId, ExpectedVersion = current.Version, EntryId = current.Timeline[0].EntryId,
            }, Bearer(incident.Engineer.Token)).ResponseAsync);
            return seeded.StatusCode != StatusCode.Aborted;
        }, TimeSpan.FromSeconds(20), "a removal at the RCA's current version");
        Assert.Equal(StatusCode.FailedPrecondition, seeded!.StatusCode);
        Assert.Equal("RCA_TIMELINE_FROM_CASE", seeded.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations.Single().Type);
    }
}
