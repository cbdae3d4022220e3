using Google.Protobuf;
using Google.Protobuf.Collections;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Rca.Data;
using SupportPlatform.Rca.Domain;
using SupportPlatform.Rca.Grpc;
using SupportPlatform.Rca.V1;

namespace SupportPlatform.Rca.Application;

/// <summary>The changes of an RCA, each through <see cref="RcaChanges.ChangeAsync"/>.</summary>
public sealed class RcaCommands(RcaChanges changes, RcaCreation creation, CaseLookup caseLookup, PersonCheck people)
{
    public async Task<RcaRecord> AttributeCauseAsync(Caller caller, Guid rcaId, long version, string cause, string justification, CancellationToken cancellationToken)
    {
        var current = await changes.VisibleAsync(caller, rcaId, cancellationToken);
        var next = await changes.PartiesAsync(current.OrganizationId, cause, cancellationToken);
        return await changes.ChangeAsync(caller, rcaId, version, RcaLifecycle.AttributeCause, async context =>
        {
            var record = context.Record;
            var (previousCause, previousOwner) = (record.Cause, record.OwnerParty);
            record.Cause = cause;
            record.CauseJustification = justification;
            record.OwnerParty = next.Owner;
            record.ReviewerParty = next.Reviewer;
            context.Log(RcaHistoryActions.CauseAttributed, "cause", previousCause, cause);
            context.Log(RcaHistoryActions.CauseAttributed, "cause_justification", null, justification);
            if (previousOwner != next.Owner)
            {
                context.Log(RcaHistoryActions.CauseAttributed, "owner", previousOwner, next.Owner);
                record.State = ProtoEnums.Name(RcaLifecycle.AfterOwnerChange(ProtoEnums.Parse<RcaState>(record.State)));
            }
            context.Raise(new RcaCauseAttributed(record.Id, record.OrganizationId, record.Title, previousCause, cause, previousOwner, next.Owner,
                next.Reviewer, justification, caller.SubjectId, await RcaTimers.ContactsAsync(context.Work, record.Id), record.Version, context.Now));
        }, cancellationToken);
    }

    public Task<RcaRecord> UpdateAnalysisAsync(Caller caller, Guid rcaId, long version, RcaAnalysis analysis, CancellationToken cancellationToken) =>
        changes.ChangeAsync(caller, rcaId, version, RcaLifecycle.UpdateAnalysis, context =>
        {
            var before = RcaMapping.Analysis(context.Record.Analysis);
            foreach (var field in RcaAnalysis.Descriptor.Fields.InDeclarationOrder())
            {
                var (old, now) = (Text(field.Accessor.GetValue(before)), Text(field.Accessor.GetValue(analysis)));
                if (old != now)
                {
                    context.Log(RcaHistoryActions.AnalysisUpdated, "analysis." + field.Name, old, now);
                }
            }
            context.Record.Analysis = RcaMapping.Json(analysis);
            return Task.CompletedTask;
        }, cancellationToken);

    public async Task<(RcaRecord Rca, TimelineRow Entry)> AddTimelineEntryAsync(
        Caller caller, Guid rcaId, long version, DateTimeOffset occurredAt, string description, CancellationToken cancellationToken)
    {
        TimelineRow? added = null;
        var record = await changes.ChangeAsync(caller, rcaId, version, RcaLifecycle.AddTimelineEntry, async context =>
        {
            added = new TimelineRow
            {
                Id = Guid.NewGuid(), RcaId = rcaId, OccurredAt = occurredAt, Description = description, Source = "AUTHOR", CreatedAt = context.Now,
            };
            await RcaStore.InsertTimelineAsync(context.Work, added);
            context.Log(RcaHistoryActions.TimelineEntryAdded, $"timeline:{added.Id}", null, $"{occurredAt:u} {description}");
        }, cancellationToken);
        return (record, added!);
    }

    public Task<RcaRecord> RemoveTimelineEntryAsync(Caller caller, Guid rcaId, long version, Guid entryId, CancellationToken cancellationToken) =>
        changes.ChangeAsync(caller, rcaId, version, RcaLifecycle.RemoveTimelineEntry, async context =>
        {
            var entry = (await RcaStore.TimelineAsync(context.Work.Connection, context.Work.Transaction, [rcaId])).FirstOrDefault(row => row.Id == entryId)
                ?? throw new NotFoundException("timeline entry", entryId.ToString());
            if (entry.Source != "AUTHOR")
            {
                throw new PreconditionException("RCA_TIMELINE_FROM_CASE", $"rcas/{rcaId}/timeline/{entryId}",
                    "This entry comes from a case's history and stays; add an entry of your own to correct or explain it.");
            }
            await RcaStore.DeleteTimelineAsync(context.Work, rcaId, entryId);
            context.Log(RcaHistoryActions.TimelineEntryRemoved, $"timeline:{entryId}", $"{entry.OccurredAt:u} {entry.Description}", null);
        }, cancellationToken);

    public async Task<(RcaRecord Rca, ActionRow Action)> AddActionAsync(Caller caller, Guid rcaId, long version, ActionRow action, CancellationToken cancellationToken)
    {
        var rca = await changes.VisibleAsync(caller, rcaId, cancellationToken);
        await changes.EnsureMayActAsync(caller, rca, RcaLifecycle.AddAction, null, cancellationToken);
        await CheckActionAsync(caller, rca, action, null, cancellationToken);
        var record = await changes.ChangeAsync(caller, rcaId, version, RcaLifecycle.AddAction, async context =>
        {
            action.Id = Guid.NewGuid();
            action.RcaId = rcaId;
            action.OrganizationId = context.Record.OrganizationId;
            action.CreatedAt = context.Now;
            action.CompletedAt = action.Status is "DONE" or "CANCELLED" ? context.Now : null;
            await RcaStore.InsertActionAsync(context.Work, action);
            context.Log(RcaHistoryActions.ActionAdded, $"action:{action.Id}", null,
                $"{action.Type} ({action.OwnerParty}, due {action.DueAt:u}): {action.Description}");
        }, cancellationToken);
        return (record, action);
    }

    /// <summary>
    /// Changes an action: a change of its status alone is follow-up, allowed in every state; any
    /// other change is part of the analysis. The action's owner may make either.
    /// </summary>
    public async Task<RcaRecord> UpdateActionAsync(Caller caller, Guid rcaId, long version, ActionRow update, CancellationToken cancellationToken)
    {
        var rca = await changes.VisibleAsync(caller, rcaId, cancellationToken);
        var existing = await FindActionAsync(rcaId, update.Id, cancellationToken);
        var change = existing.Details != update.Details ? RcaLifecycle.UpdateActionDetails : RcaLifecycle.UpdateActionStatus;
        await changes.EnsureMayActAsync(caller, rca, change, existing.OwnerPersonId, cancellationToken);
        await CheckActionAsync(caller, rca, update, existing, cancellationToken);
        return await changes.ChangeAsync(caller, rcaId, version, change, async context =>
        {
            var action = (await RcaStore.FindActionAsync(context.Work.Connection, context.Work.Transaction, update.Id))!;
            if ((action.Details, action.Status) != (existing.Details, existing.Status))
            {
                // What the change was judged on (details or status only, whose action) no longer holds.
                throw new ConflictException("The action changed concurrently; read the RCA again and retry.", context.Record.Version - 1);
            }
            var field = $"action:{action.Id}";
            void Track(string name, string? old, string? now)
            {
                if (old != now)
                {
                    context.Log(RcaHistoryActions.ActionUpdated, $"{field}.{name}", old, now);
                }
            }
            Track("type", action.Type, update.Type);
            Track("description", action.Description, update.Description);
            Track("owner_party", action.OwnerParty, update.OwnerParty);
            Track("owner_person_id", action.OwnerPersonId?.ToString(), update.OwnerPersonId?.ToString());
            Track("due_at", action.DueAt.ToString("u"), update.DueAt.ToString("u"));
            Track("case_id", action.CaseId?.ToString(), update.CaseId?.ToString());
            Track("status", action.Status, update.Status);
            var closed = update.Status is "DONE" or "CANCELLED";
            action.CompletedAt = closed ? action.CompletedAt ?? context.Now : null;
            // A due time moved ahead arms its timer again.
            var reArm = update.DueAt != action.DueAt && update.DueAt > context.Now;
            (action.Type, action.Description, action.OwnerParty, action.OwnerPersonId, action.DueAt, action.CaseId, action.Status) =
                (update.Type, update.Description, update.OwnerParty, update.OwnerPersonId, update.DueAt, update.CaseId, update.Status);
            await RcaStore.UpdateActionAsync(context.Work, action, reArm);
        }, cancellationToken, existing.OwnerPersonId);
    }

    /// <summary>
    /// INVALID_ARGUMENT unless a named owner is an active person of the owner party and a linked case
    /// one of the RCA's organisation the caller may see; checked when they are set or changed only,
    /// so an owner who left does not block marking the action done.
    /// </summary>
    private async Task CheckActionAsync(Caller caller, RcaRecord rca, ActionRow action, ActionRow? existing, CancellationToken cancellationToken)
    {
        var violations = new Violations();
        if (action.OwnerPersonId is { } person && (existing is null || existing.OwnerPersonId != person || existing.OwnerParty != action.OwnerParty)
            && !await people.MayOwnAsync(person, action.OwnerParty, rca.OrganizationId, cancellationToken))
        {
            violations.Add("action.owner_person_id", $"must be an active person of the {action.OwnerParty.ToLowerInvariant()}");
        }
        if (action.CaseId is { } caseId && existing?.CaseId != caseId)
        {
            try
            {
                var facts = await caseLookup.FactsAsync(caller, caseId, cancellationToken);
                violations.Require(facts.OrganizationId == rca.OrganizationId, "action.case_id", "must be a case of the RCA's organisation");
            }
            catch (NotFoundException)
            {
                violations.Add("action.case_id", "is not a known case");
            }
        }
        violations.ThrowIfAny();
    }

    public async Task<ActionRow> FindActionAsync(Guid rcaId, Guid actionId, CancellationToken cancellationToken)
    {
        var action = await changes.FindActionAsync(actionId, cancellationToken);
        return action is not null && action.RcaId == rcaId ? action : throw new NotFoundException("action", actionId.ToString());
    }

    /// <summary>
    /// Links an incident of the RCA's organisation. A case another unpublished RCA covers moves
    /// here; an RCA left without cases is MERGED into this one.
    /// </summary>
    public async Task<RcaRecord> LinkCaseAsync(Caller caller, Guid rcaId, long version, Guid caseId, CancellationToken cancellationToken)
    {
        var rca = await changes.VisibleAsync(caller, rcaId, cancellationToken);
        await changes.EnsureMayActAsync(caller, rca, RcaLifecycle.LinkCase, null, cancellationToken);
        var facts = await caseLookup.FactsAsync(caller, caseId, cancellationToken);
        if (facts.OrganizationId != rca.OrganizationId)
        {
            throw new PreconditionException("CASE_OF_ANOTHER_ORGANIZATION", $"cases/{caseId}", "Only cases of the RCA's own organisation can be linked to it.");
        }
        if (facts.Type != "INCIDENT")
        {
            throw new PreconditionException("CASE_NOT_AN_INCIDENT", $"cases/{caseId}", $"Only incidents can be linked to an RCA; this case is a {facts.Type.ToLowerInvariant().Replace('_', ' ')}.");
        }
        // The caller must be allowed to take the case from the RCA that covers it now, too.
        var covered = await changes.FindCaseLinkAsync(caseId, cancellationToken);
        RcaParties? sourceParties = null;
        long sourceVersion = 0;
        if (covered is not null && covered.RcaId != rcaId)
        {
            var source = await changes.VisibleAsync(caller, covered.RcaId, cancellationToken);
            sourceParties = await changes.PartiesAsync(source.OrganizationId, source.Cause, cancellationToken);
            sourceVersion = source.Version;
        }
        return await changes.ChangeAsync(caller, rcaId, version, RcaLifecycle.LinkCase, async context =>
        {
            var work = context.Work;
            var link = await RcaStore.FindCaseAsync(work.Connection, work.Transaction, caseId);
            if (link?.RcaId == rcaId)
            {
                throw new AlreadyExistsException("CASE_ALREADY_LINKED", "The case is already linked to this RCA.");
            }
            if (link is null)
            {
                await RcaStore.InsertCaseAsync(work, new RcaCaseRow
                {
                    CaseId = caseId, RcaId = rcaId, OrganizationId = facts.OrganizationId, Title = facts.Title, SubmitterId = facts.SubmitterId,
                    RequiresRca = facts.RequiresRca, LinkedAt = context.Now,
                });
            }
            else
            {
                if (link.RcaId != covered?.RcaId || sourceParties is null)
                {
                    throw new ConflictException("The case moved to another RCA meanwhile; read it again and retry.", context.Record.Version - 1);
                }
                await MoveFromAsync(context, link, rcaId, sourceParties, sourceVersion);
            }
            await Timelines.SeedAsync(work, rcaId, facts, context.Now);
            context.Log(RcaHistoryActions.CaseLinked, "case", null, caseId.ToString());
        }, cancellationToken);
    }

    /// <summary>Moves a case from the RCA that covers it to <paramref name="rcaId"/>, merging that RCA when it is left without cases.</summary>
    private static async Task MoveFromAsync(RcaChanges.Context context, RcaCaseRow link, Guid rcaId, RcaParties sourceParties, long sourceVersion)
    {
        var work = context.Work;
        var other = (await RcaStore.FindAsync(work.Connection, work.Transaction, link.RcaId))!;
        if (other.Version != sourceVersion)
        {
            // Its parties were asked at the version read: a cause changed since may have moved them.
            throw new ConflictException($"RCA {other.Id}, which covers the case, changed meanwhile; retry.", context.Record.Version - 1);
        }
        if (other.State == "PUBLISHED")
        {
            throw new PreconditionException("CASE_COVERED_BY_PUBLISHED_RCA", $"rcas/{other.Id}",
                $"The case is covered by RCA {other.Id}, which is published; a published RCA keeps its cases.");
        }
        RcaLifecycle.EnsureMayAct(context.Caller, RcaLifecycle.UnlinkCase, sourceParties, other.OrganizationId);
        RcaLifecycle.EnsureAllowed(RcaLifecycle.UnlinkCase, ProtoEnums.Parse<RcaState>(other.State), other.Id);
        var others = (await RcaStore.CasesAsync(work.Connection, work.Transaction, [other.Id])).Where(row => row.CaseId != link.CaseId).ToList();
        if (other.CaseId == link.CaseId && others.Count > 0)
        {
            throw new PreconditionException("CASE_HOLDS_ITS_RCA", $"rcas/{other.Id}",
                $"The case created RCA {other.Id}, which covers other cases too; unlink those first, or link them here as well.");
        }
        await RcaStore.MoveCaseAsync(work, link.CaseId, rcaId, context.Now);
        await RcaStore.DeleteCaseTimelineAsync(work, other.Id, link.CaseId);
        var expected = other.Version;
        other.Version = expected + 1;
        other.UpdatedAt = context.Now;
        context.LogFor(other, RcaHistoryActions.CaseUnlinked, "case", link.CaseId.ToString(), $"linked to RCA {rcaId}");
        if (others.Count == 0)
        {
            context.LogFor(other, RcaHistoryActions.Merged, "state", other.State, "MERGED");
            other.State = "MERGED";
            other.MergedInto = rcaId;
        }
        // It lost a case: what was approved is no longer what it is.
        other.ApprovedAt = null;
        if (!await RcaStore.UpdateAsync(work, other, expected))
        {
            throw new ConflictException($"RCA {other.Id}, which covers the case, changed concurrently; retry.", context.Record.Version - 1);
        }
    }

    /// <summary>
    /// Unlinks a case; the case that created the RCA stays. A resolved P1 incident unlinked gets
    /// an RCA of its own: the one it created before it was merged here comes back, or a new one
    /// with its cause unknown (the vendor finds it out). Returns the RCA and that RCA's id.
    /// </summary>
    public async Task<(RcaRecord Rca, Guid? NewRcaId)> UnlinkCaseAsync(Caller caller, Guid rcaId, long version, Guid caseId, string reason, CancellationToken cancellationToken)
    {
        var rca = await changes.VisibleAsync(caller, rcaId, cancellationToken);
        var link = await changes.FindCaseLinkAsync(caseId, cancellationToken);
        if (link is null || link.RcaId != rcaId)
        {
            throw new NotFoundException("rca case", $"rcas/{rcaId}/cases/{caseId}");
        }
        if (caseId == rca.CaseId)
        {
            throw new PreconditionException("RCA_ORIGIN_CASE", $"rcas/{rcaId}/cases/{caseId}",
                "The case that created the RCA stays with it; link the other cases to another RCA instead.");
        }
        var facts = link.RequiresRca ? await caseLookup.FactsAsync(caller, caseId, cancellationToken) : null;
        var unknown = facts is null ? null : await changes.PartiesAsync(rca.OrganizationId, RcaPolicy.Unknown, cancellationToken);
        Guid? newRcaId = null;
        var record = await changes.ChangeAsync(caller, rcaId, version, RcaLifecycle.UnlinkCase, async context =>
        {
            var work = context.Work;
            await RcaStore.DeleteCaseAsync(work, caseId);
            await RcaStore.DeleteCaseTimelineAsync(work, rcaId, caseId);
            context.Log(RcaHistoryActions.CaseUnlinked, "case", caseId.ToString(), reason);
            if (facts is null)
            {
                return;
            }
            var own = await RcaStore.FindCreatedByAsync(work.Connection, work.Transaction, caseId);
            if (own is { State: "MERGED" })
            {
                await RestoreAsync(context, own, facts);
                newRcaId = own.Id;
            }
            else
            {
                newRcaId = (await creation.CreateAsync(work, facts, RcaPolicy.Unknown, unknown!, context.Now)).Id;
            }
        }, cancellationToken);
        return (record, newRcaId);
    }

    /// <summary>Brings back the RCA a case created before it was merged into another.</summary>
    private static async Task RestoreAsync(RcaChanges.Context context, RcaRecord own, CaseFacts facts)
    {
        var work = context.Work;
        await RcaStore.InsertCaseAsync(work, new RcaCaseRow
        {
            CaseId = facts.CaseId, RcaId = own.Id, OrganizationId = facts.OrganizationId, Title = facts.Title, SubmitterId = facts.SubmitterId,
            RequiresRca = true, LinkedAt = context.Now,
        });
        await Timelines.SeedAsync(work, own.Id, facts, context.Now);
        var expected = own.Version;
        own.Version = expected + 1;
        own.UpdatedAt = context.Now;
        var state = own.Analysis == "{}" ? "REQUIRED" : "IN_ANALYSIS";
        context.LogFor(own, RcaHistoryActions.CaseLinked, "state", own.State, state);
        own.State = state;
        own.MergedInto = null;
        if (!await RcaStore.UpdateAsync(work, own, expected))
        {
            throw new ConflictException($"RCA {own.Id}, the case's own, changed concurrently; retry.", context.Record.Version - 1);
        }
    }

    public Task<RcaRecord> AddCommentAsync(Caller caller, Guid rcaId, long version, string body, bool isInternal, CancellationToken cancellationToken)
    {
        if (isInternal && !caller.IsVendor)
        {
            throw new PermissionException("VENDOR_ONLY", "Internal notes are for vendor staff only.");
        }
        return changes.ChangeAsync(caller, rcaId, version, RcaLifecycle.Comment, async context =>
        {
            context.Log(RcaHistoryActions.CommentAdded, null, null, body, isInternal);
            if (!isInternal)
            {
                var record = context.Record;
                context.Raise(new RcaCommentAdded(record.Id, record.OrganizationId, record.Title, caller.SubjectId, caller.MatrixParty, body,
                    await RcaTimers.ContactsAsync(context.Work, record.Id), record.Version, context.Now));
            }
        }, cancellationToken);
    }

    public Task<RcaRecord> SubmitForReviewAsync(Caller caller, Guid rcaId, long version, CancellationToken cancellationToken) =>
        changes.ChangeAsync(caller, rcaId, version, RcaLifecycle.SubmitForReview, async context =>
        {
            await EnsureCriteriaAsync(context, "submitted for review");
            var record = context.Record;
            context.Raise(new RcaReviewRequested(record.Id, record.OrganizationId, record.Title, record.OwnerParty, record.ReviewerParty,
                caller.SubjectId, await RcaTimers.ContactsAsync(context.Work, record.Id), record.Version, context.Now));
        }, cancellationToken);

    public Task<RcaRecord> ApproveAsync(Caller caller, Guid rcaId, long version, string remark, CancellationToken cancellationToken) =>
        changes.ChangeAsync(caller, rcaId, version, RcaLifecycle.Approve, async context =>
        {
            var record = context.Record;
            record.ApprovedAt = context.Now;
            record.ChangesRequested = null;
            context.Log(RcaHistoryActions.Approved, "approved_at", null, context.Now.ToString("O"));
            if (remark.Length > 0)
            {
                context.Log(RcaHistoryActions.Approved, "remark", null, remark);
            }
            context.Raise(new RcaReviewed(record.Id, record.OrganizationId, record.Title, record.OwnerParty, record.ReviewerParty, "APPROVED", remark,
                caller.SubjectId, await RcaTimers.ContactsAsync(context.Work, record.Id), record.Version, context.Now));
        }, cancellationToken);

    public Task<RcaRecord> RequestChangesAsync(Caller caller, Guid rcaId, long version, string reason, CancellationToken cancellationToken) =>
        changes.ChangeAsync(caller, rcaId, version, RcaLifecycle.RequestChanges, async context =>
        {
            var record = context.Record;
            record.ChangesRequested = reason;
            context.Log(RcaHistoryActions.ChangesRequested, "changes_requested", null, reason);
            context.Raise(new RcaReviewed(record.Id, record.OrganizationId, record.Title, record.OwnerParty, record.ReviewerParty, "CHANGES_REQUESTED",
                reason, caller.SubjectId, await RcaTimers.ContactsAsync(context.Work, record.Id), record.Version, context.Now));
        }, cancellationToken);

    public Task<RcaRecord> PublishAsync(Caller caller, Guid rcaId, long version, CancellationToken cancellationToken) =>
        changes.ChangeAsync(caller, rcaId, version, RcaLifecycle.Publish, async context =>
        {
            var record = context.Record;
            if (record.ApprovedAt is null)
            {
                throw new PreconditionException("RCA_NOT_APPROVED", $"rcas/{rcaId}",
                    $"The {record.ReviewerParty.ToLowerInvariant()} has not approved the RCA under review yet; it can be published once approved.");
            }
            await EnsureCriteriaAsync(context, "published");
            record.PublishedAt = context.Now;
            var cases = await RcaStore.CasesAsync(context.Work.Connection, context.Work.Transaction, [record.Id]);
            context.Raise(new RcaPublished(record.Id, record.OrganizationId, [.. cases.Select(row => row.CaseId)], record.Title, record.OwnerParty,
                caller.SubjectId, await RcaTimers.ContactsAsync(context.Work, record.Id), record.Version, context.Now));
        }, cancellationToken);

    /// <summary>FAILED_PRECONDITION listing every review criterion that does not hold.</summary>
    private static async Task EnsureCriteriaAsync(RcaChanges.Context context, string purpose)
    {
        var work = context.Work;
        var record = context.Record;
        var timeline = await RcaStore.TimelineAsync(work.Connection, work.Transaction, [record.Id]);
        var actions = await RcaStore.ActionsAsync(work.Connection, work.Transaction, [record.Id]);
        var missing = RcaReviewCriteria.Missing(record.Id, RcaMapping.Analysis(record.Analysis),
            timeline.Count(row => row.Source == "AUTHOR"), actions.Count(row => row.Status != "CANCELLED"));
        if (missing.Count > 0)
        {
            throw new PreconditionException($"The RCA cannot be {purpose} yet: {missing.Count} of the review criteria do not hold.", missing);
        }
    }

    /// <summary>A field's value as history shows it: text as it is, lists one per line, messages as JSON.</summary>
    private static string? Text(object? value) => value switch
    {
        null => null,
        string text => text.Length == 0 ? null : text,
        RepeatedField<string> list => list.Count == 0 ? null : string.Join("\n", list),
        IMessage message => JsonFormatter.Default.Format(message),
        _ => value.ToString(),
    };
}
