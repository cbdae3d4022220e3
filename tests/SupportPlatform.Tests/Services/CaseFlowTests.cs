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

[Collection(StackCollection.Name)]
public sealed class CaseFlowTests(StackFixture fixture)
{
    private readonly ServiceStack stack = fixture.Stack;

    [Fact]
    public async Task P1Incident_FromSubmissionToResolution_HasSlaRecord_Rca_AndNotificationsExactlyOnce()
    {
        var organization = await stack.CreateCustomerAsync(SupportPlan.PremiumPlus);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();

        var trail = await stack.FollowP1IncidentAsync(agent, engineer, TimeSpan.FromSeconds(20));
        var submitted = trail.Submitted;
        Assert.Equal(organization.OrganizationId, submitted.OrganizationId);
        Assert.Equal(SupportPlan.PremiumPlus, submitted.Plan);
        Assert.Equal(CaseStatus.Resolved, trail.Resolved.Status);

        // SLA: Premium Plus P1 is 30 min response / 4 h resolution, both met.
        Assert.Equal(TimeSpan.FromMinutes(30), trail.Sla.Response.Target.ToTimeSpan());
        Assert.Equal(TimeSpan.FromHours(4), trail.Sla.Resolution.Target.ToTimeSpan());
        Assert.Equal(submitted.CreatedAt.ToDateTimeOffset().AddMinutes(30), trail.Sla.Response.DueAt.ToDateTimeOffset());
        Assert.Equal(TargetState.Met, trail.Sla.Response.State);
        Assert.Equal(TargetState.Met, trail.Sla.Resolution.State);

        // RCA: required, owned by the vendor, readable by the vendor, hidden from other customers.
        var rca = trail.Rca;
        Assert.Equal(RcaState.Required, rca.State);
        Assert.Equal(SupportPlatform.Common.V1.Party.Vendor, rca.Owner);
        Assert.Equal([submitted.CaseId], rca.CaseIds);
        Assert.Equal(CauseAttribution.VendorComponent, rca.CauseAttribution);
        var read = (await stack.Rcas.GetRcaAsync(new GetRcaRequest { RcaId = rca.RcaId }, Bearer(engineer.Token))).Rca;
        Assert.Equal(rca, read);
        var stranger = await stack.CreatePersonAsync((await stack.CreateCustomerAsync()).OrganizationId, Role.L1Agent);
        var hidden = await Assert.ThrowsAsync<RpcException>(() => stack.Rcas.GetRcaAsync(new GetRcaRequest { RcaId = rca.RcaId }, Bearer(stranger.Token)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);

        // Notifications: the submitter and the vendor queue each hear of every event once. Nobody is
        // on call in this stack: the queue also hears, critically, that the P1's page reached nobody
        // and went unanswered.
        Assert.Equal(P1NotificationTypes, trail.SubmitterNotifications.Select(n => n.EventType).Order());
        Assert.All(trail.SubmitterNotifications, n => Assert.Equal(agent.Person.PersonId, n.RecipientId));
        IReadOnlyList<SupportPlatform.Notification.V1.Notification> queue = [];
        await WaitUntilAsync(async () =>
        {
            queue = (await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest { CaseId = submitted.CaseId }, Bearer(engineer.Token)))
                .Notifications.Where(n => n.RecipientKind == RecipientKind.VendorSupportQueue).ToList();
            return queue.Any(n => n.EventType == "PageExhausted");
        }, TimeSpan.FromSeconds(20), "the unanswered page is notified");
        Assert.Equal([.. P1NotificationTypes.Append("PageExhausted").Append("PageTriggered").Order()], queue.Select(n => n.EventType).Order());
        Assert.All(queue.Where(n => n.EventType.StartsWith("Page", StringComparison.Ordinal)), n => Assert.Equal(Urgency.Critical, n.Urgency));
        Assert.All(queue.Where(n => !n.EventType.StartsWith("Page", StringComparison.Ordinal)), n => Assert.Equal(Urgency.Normal, n.Urgency));

        // The customer closes it.
        var closed = (await stack.Cases.CloseCaseAsync(new CloseCaseRequest { CaseId = submitted.CaseId, Version = trail.Resolved.Version }, Bearer(agent.Token))).Case;
        Assert.Equal(CaseStatus.Closed, closed.Status);
    }

    [Fact]
    public async Task Submit_IsIdempotentOnRequestId()
    {
        var organization = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var request = ValidCase(Priority.P3);

        var first = await stack.Cases.SubmitCaseAsync(request, Bearer(agent.Token));
        var second = await stack.Cases.SubmitCaseAsync(request, Bearer(agent.Token));

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.Case.CaseId, second.Case.CaseId);
        Assert.Equal(1, await Sql.CountAsync(stack.DatabaseFile("casedb"), "SELECT COUNT(*) FROM cases WHERE request_id = @p", request.RequestId));
    }

    [Fact]
    public async Task Submit_ReusingARequestIdWithOtherContent_IsAlreadyExists_AndChangesNothing()
    {
        var organization = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var request = ValidCase(Priority.P3);
        var first = (await stack.Cases.SubmitCaseAsync(request, Bearer(agent.Token))).Case;
        var other = request.Clone();
        other.Details.Title = "Outbound calls drop after thirty seconds";

        var same = await stack.Cases.SubmitCaseAsync(request.Clone(), Bearer(agent.Token));
        var reused = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.SubmitCaseAsync(other, Bearer(agent.Token)).ResponseAsync);

        Assert.True(same.Replayed);
        Assert.Equal(first, same.Case);
        Assert.Equal(StatusCode.AlreadyExists, reused.StatusCode);
        var info = reused.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal(("REQUEST_ID_REUSED", "supportplatform"), (info.Reason, info.Domain));
        Assert.Equal(1, await Sql.CountAsync(stack.DatabaseFile("casedb"), "SELECT COUNT(*) FROM cases WHERE request_id = @p", request.RequestId));
        Assert.Equal(first, (await stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = first.CaseId }, Bearer(agent.Token))).Case);
    }

    [Fact]
    public async Task Submit_ConcurrentRequestsWithOneRequestIdAndDifferentContent_CreateOneCase_AndRefuseTheRest()
    {
        var organization = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var requestId = Guid.NewGuid().ToString();
        var requests = Enumerable.Range(1, 8).Select(index =>
        {
            var request = ValidCase(Priority.P3, requestId: requestId);
            request.Details.AffectedUsers = index;
            return request;
        }).ToList();

        var outcomes = await Task.WhenAll(requests.Select(async request =>
        {
            try
            {
                return (await stack.Cases.SubmitCaseAsync(request, Bearer(agent.Token))).Replayed ? "replayed" : "created";
            }
            catch (RpcException error)
            {
                return $"{error.StatusCode} {error.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason}";
            }
        }));

        Assert.Equal(["created", .. Enumerable.Repeat("AlreadyExists REQUEST_ID_REUSED", 7)], outcomes.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(1, await Sql.CountAsync(stack.DatabaseFile("casedb"), "SELECT COUNT(*) FROM cases WHERE request_id = @p", requestId));
    }

    [Fact]
    public async Task Submit_ReplayingACaseRecordedWithoutContentHash_ReplaysIt()
    {
        // Cases created before migration 0004 have no hash: there is nothing to compare, so a
        // repeat of their request id replays them as it always did.
        var organization = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var request = ValidCase(Priority.P3);
        var first = (await stack.Cases.SubmitCaseAsync(request, Bearer(agent.Token))).Case;
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={stack.DatabaseFile("casedb")}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE cases SET request_hash = NULL WHERE request_id = @p";
            command.Parameters.AddWithValue("@p", request.RequestId);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        var other = request.Clone();
        other.Details.Title = "Outbound calls drop after thirty seconds";

        var replay = await stack.Cases.SubmitCaseAsync(other, Bearer(agent.Token));

        Assert.True(replay.Replayed);
        Assert.Equal(first.CaseId, replay.Case.CaseId);
    }

    [Fact]
    public async Task Details_AreKeptAsJsonAndAsBytesThatAgree_AndARowWrittenBeforeTheBytesReadsFromItsJson()
    {
        var organization = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var request = ValidCase(Priority.P3);
        var submitted = (await stack.Cases.SubmitCaseAsync(request, Bearer(agent.Token))).Case;
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={stack.DatabaseFile("casedb")}");
        await connection.OpenAsync();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT details, details_pb FROM cases WHERE id = @id";
            read.Parameters.AddWithValue("@id", submitted.CaseId);
            await using var row = await read.ExecuteReaderAsync();
            Assert.True(await row.ReadAsync());
            Assert.Equal(request.Details, CaseDetails.Parser.ParseJson(row.GetString(0)));
            Assert.Equal(request.Details, CaseDetails.Parser.ParseFrom((byte[])row.GetValue(1)));
        }

        // A row as migration 0007 leaves one written before it: no bytes.
        await using (var clear = connection.CreateCommand())
        {
            clear.CommandText = "UPDATE cases SET details_pb = NULL WHERE id = @id";
            clear.Parameters.AddWithValue("@id", submitted.CaseId);
            Assert.Equal(1, await clear.ExecuteNonQueryAsync());
        }
        var read1 = (await stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = submitted.CaseId }, Bearer(agent.Token))).Case;
        Assert.Equal(request.Details, read1.Details);
        Assert.Equal(submitted, read1);
    }

    [Fact]
    public async Task Submit_WithMissingDetails_ReportsEveryViolationAtOnce_AndWritesNothing()
    {
        var organization = await stack.CreateCustomerAsync(deployment: Deployment.Cloud);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var request = ValidCase(Priority.P2, deployment: Deployment.OnPremises);
        request.Details.Title = "";
        request.Details.StepsToReproduce = "";
        request.Details.BusinessImpact = "";
        request.Details.AffectedUsers = 0;
        request.Details.AttestedVendorAttributable = false;

        var error = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.SubmitCaseAsync(request, Bearer(agent.Token)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var badRequest = error.GetRpcStatus()!.GetDetail<BadRequest>();
        Assert.Equal(
            ["details.affected_users", "details.attested_vendor_attributable", "details.business_impact", "details.deployment", "details.steps_to_reproduce", "details.title"],
            badRequest.FieldViolations.Select(v => v.Field).Order());
        Assert.Equal(0, await Sql.CountAsync(stack.DatabaseFile("casedb"), "SELECT COUNT(*) FROM cases WHERE request_id = @p", request.RequestId));
    }

    [Theory]
    [InlineData("no phone")]
    [InlineData("expired training")]
    [InlineData("no training")]
    public async Task Submit_ByUnauthorisedL1Agent_IsPermissionDenied(string problem)
    {
        var organization = await stack.CreateCustomerAsync();
        var agent = problem switch
        {
            "no phone" => await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, withPhone: false),
            "expired training" => await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trainingExpires: DateTimeOffset.UtcNow.AddDays(-1)),
            _ => await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trained: false),
        };
        var request = ValidCase();

        var error = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.SubmitCaseAsync(request, Bearer(agent.Token)).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("not an authorised submitter", error.Status.Detail);
        Assert.Equal(0, await Sql.CountAsync(stack.DatabaseFile("casedb"), "SELECT COUNT(*) FROM cases WHERE request_id = @p", request.RequestId));
    }

    [Fact]
    public async Task Submit_ByEndUserOrVendorEngineer_IsPermissionDenied()
    {
        var organization = await stack.CreateCustomerAsync();
        var endUser = await stack.CreatePersonAsync(organization.OrganizationId, Role.EndUser);
        var engineer = await stack.CreateVendorEngineerAsync();

        foreach (var caller in new[] { endUser, engineer })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.SubmitCaseAsync(ValidCase(), Bearer(caller.Token)).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        }
    }

    [Fact]
    public async Task CaseOfAnotherOrganisation_IsNotFound()
    {
        var mine = await stack.CreateCustomerAsync();
        var theirs = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(mine.OrganizationId, Role.L1Agent);
        var stranger = await stack.CreatePersonAsync(theirs.OrganizationId, Role.L1Agent);
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(), Bearer(agent.Token))).Case;

        var get = await Assert.ThrowsAsync<RpcException>(() =>
            stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = submitted.CaseId }, Bearer(stranger.Token)).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = Guid.NewGuid().ToString() }, Bearer(stranger.Token)).ResponseAsync);
        var sla = await Assert.ThrowsAsync<RpcException>(() =>
            stack.Slas.GetCaseSlaAsync(new GetCaseSlaRequest { CaseId = submitted.CaseId }, Bearer(stranger.Token)).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, get.StatusCode);
        Assert.Equal(StatusCode.NotFound, sla.StatusCode);
        // Indistinguishable from a case that does not exist: same status, same shape of message.
        Assert.Equal(missing.Status.Detail.Replace(Guid.Parse(missing.Status.Detail.Split('\'')[1]).ToString(), "X"),
            get.Status.Detail.Replace(submitted.CaseId, "X"));
    }

    [Fact]
    public async Task Transitions_CheckParty_Version_AndState()
    {
        var organization = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P3), Bearer(agent.Token))).Case;

        var byCustomer = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.AcknowledgeCaseAsync(
            new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version }, Bearer(agent.Token)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, byCustomer.StatusCode);

        var stale = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.AcknowledgeCaseAsync(
            new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version + 1 }, Bearer(engineer.Token)).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);

        var closeTooEarly = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.CloseCaseAsync(
            new CloseCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version }, Bearer(agent.Token)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, closeTooEarly.StatusCode);
        var precondition = closeTooEarly.GetRpcStatus()!.GetDetail<PreconditionFailure>();
        Assert.Contains("SUBMITTED", Assert.Single(precondition.Violations).Description);

        var unchanged = (await stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = submitted.CaseId }, Bearer(agent.Token))).Case;
        Assert.Equal(submitted.Version, unchanged.Version);
        Assert.Equal(CaseStatus.Submitted, unchanged.Status);
    }
}
