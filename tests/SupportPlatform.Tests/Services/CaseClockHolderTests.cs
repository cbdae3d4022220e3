using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Data.Sqlite;
using SupportPlatform.Cases.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// Every case event's snapshot says when the case changed and whose move it is after the change
/// (the SLA clock's holder).
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
}
