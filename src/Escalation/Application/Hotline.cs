using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Escalation.Data;

namespace SupportPlatform.Escalation.Application;

/// <summary>
/// The 24x7 hotline: a Premium Plus P1 expects the customer's call within
/// <see cref="HotlineOptions.CallExpectedWithin"/>; vendor staff record the calls against cases.
/// </summary>
public sealed class Hotline(Database database, Outbox outbox, TimeProvider clock, IOptions<HotlineOptions> options)
{
    /// <summary>Whether a case of this plan and priority is asked to call the hotline.</summary>
    public static bool Expected(string plan, string priority) => plan == "PREMIUM_PLUS" && priority == "P1";

    /// <summary>Records, in the caller's transaction, that the case expects a call from <paramref name="since"/> on (once per case).</summary>
    public Task ExpectAsync(UnitOfWork work, CaseSnapshot snapshot, DateTimeOffset since) =>
        HotlineStore.ExpectAsync(work.Connection, work.Transaction, new HotlineExpectationRow
        {
            CaseId = snapshot.CaseId,
            OrganizationId = snapshot.OrganizationId,
            SubmitterId = snapshot.SubmitterId,
            Title = snapshot.Title,
            SubmittedAt = since,
            ExpectedBy = since + options.Value.CallExpectedWithin,
        });

    public async Task<HotlineCallRow> RecordCallAsync(
        Caller caller, Guid caseId, string callerName, string? callerPhone, DateTimeOffset? calledAt, Guid? engineerId, string? notes,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var work = await database.BeginAsync(cancellationToken);
        var clockRow = await CaseClocks.VisibleAsync(work.Connection, work.Transaction, caller, caseId);
        var at = calledAt ?? now;
        new Violations()
            .Require(at <= now && at >= clockRow.StartedAt, "called_at", $"must be between the case's submission ({clockRow.StartedAt:u}) and now")
            .ThrowIfAny();
        var row = new HotlineCallRow
        {
            CallId = Guid.CreateVersion7(now),
            CaseId = caseId,
            OrganizationId = clockRow.OrganizationId,
            CallerName = callerName,
            CallerPhone = callerPhone,
            CalledAt = at,
            EngineerId = engineerId ?? caller.SubjectId,
            Notes = notes,
            RecordedBy = caller.SubjectId,
            RecordedAt = now,
        };
        await HotlineStore.InsertCallAsync(work.Connection, work.Transaction, row);
        await HotlineStore.MarkCalledAsync(work.Connection, work.Transaction, caseId, at);
        await outbox.EnqueueAsync(work, new HotlineCallRecorded(caseId, row.OrganizationId, row.CallId, callerName, at, row.EngineerId, row.RecordedBy, now));
        await outbox.CommitAsync(work, cancellationToken);
        return row;
    }
}
