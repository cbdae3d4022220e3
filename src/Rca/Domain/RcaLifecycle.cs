using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Rca.V1;

namespace SupportPlatform.Rca.Domain;

/// <summary>
/// The RCA state machine: REQUIRED → IN_ANALYSIS → IN_REVIEW → PUBLISHED (and MERGED for an RCA
/// whose cases all moved to another). Which changes exist, from which states, into which state,
/// and which part the caller must play (<see cref="RcaRole"/>). Pure: no I/O — the matrix answer is
/// passed in as <see cref="RcaParties"/>.
/// </summary>
public static class RcaLifecycle
{
    /// <param name="To">The state after the change; null for changes that keep the state.</param>
    /// <param name="ClearsApproval">Whether the change alters what the reviewer approved.</param>
    public sealed record Change(string Name, IReadOnlySet<RcaState> From, RcaState? To, RcaRole Role, string Action, bool ClearsApproval);

    private static HashSet<RcaState> States(params RcaState[] states) => [.. states];

    /// <summary>While the analysis is being written: content may change.</summary>
    public static readonly IReadOnlySet<RcaState> Writable = States(RcaState.Required, RcaState.InAnalysis);

    /// <summary>Before publication.</summary>
    public static readonly IReadOnlySet<RcaState> Unpublished = States(RcaState.Required, RcaState.InAnalysis, RcaState.InReview);

    /// <summary>Every state but MERGED.</summary>
    public static readonly IReadOnlySet<RcaState> Live = States(RcaState.Required, RcaState.InAnalysis, RcaState.InReview, RcaState.Published);

    public static readonly Change AttributeCause = new("attribute the cause of", Unpublished, null, RcaRole.VendorEngineer, RcaHistoryActions.CauseAttributed, ClearsApproval: true);
    public static readonly Change UpdateAnalysis = new("update the analysis of", Writable, RcaState.InAnalysis, RcaRole.Author, RcaHistoryActions.AnalysisUpdated, ClearsApproval: true);
    public static readonly Change AddTimelineEntry = new("add a timeline entry to", Writable, RcaState.InAnalysis, RcaRole.Author, RcaHistoryActions.TimelineEntryAdded, ClearsApproval: true);
    public static readonly Change RemoveTimelineEntry = new("remove a timeline entry of", Writable, RcaState.InAnalysis, RcaRole.Author, RcaHistoryActions.TimelineEntryRemoved, ClearsApproval: true);
    public static readonly Change AddAction = new("add an action to", Writable, RcaState.InAnalysis, RcaRole.Author, RcaHistoryActions.ActionAdded, ClearsApproval: true);
    /// <summary>Type, description, owner, due time or linked case of an action: part of the analysis.</summary>
    public static readonly Change UpdateActionDetails = new("change an action's details on", Writable, null, RcaRole.AuthorOrActionOwner, RcaHistoryActions.ActionUpdated, ClearsApproval: true);
    /// <summary>An action's status: followed up in every state, after publication too.</summary>
    public static readonly Change UpdateActionStatus = new("change an action's status on", Live, null, RcaRole.AuthorOrActionOwner, RcaHistoryActions.ActionUpdated, ClearsApproval: false);
    public static readonly Change LinkCase = new("link a case to", Unpublished, null, RcaRole.Author, RcaHistoryActions.CaseLinked, ClearsApproval: true);
    public static readonly Change UnlinkCase = new("unlink a case from", Unpublished, null, RcaRole.Author, RcaHistoryActions.CaseUnlinked, ClearsApproval: true);
    public static readonly Change Comment = new("comment on", Live, null, RcaRole.EitherParty, RcaHistoryActions.CommentAdded, ClearsApproval: false);
    public static readonly Change SubmitForReview = new("submit for review", States(RcaState.InAnalysis), RcaState.InReview, RcaRole.Author, RcaHistoryActions.SubmittedForReview, ClearsApproval: true);
    public static readonly Change Approve = new("approve", States(RcaState.InReview), null, RcaRole.Reviewer, RcaHistoryActions.Approved, ClearsApproval: false);
    public static readonly Change RequestChanges = new("request changes to", States(RcaState.InReview), RcaState.InAnalysis, RcaRole.Reviewer, RcaHistoryActions.ChangesRequested, ClearsApproval: true);
    public static readonly Change Publish = new("publish", States(RcaState.InReview), RcaState.Published, RcaRole.Owner, RcaHistoryActions.Published, ClearsApproval: false);

    /// <summary>
    /// The state after the ownership moved to another party: an RCA under review goes back to
    /// analysis, since its new owner writes it now; any other state stays.
    /// </summary>
    public static RcaState AfterOwnerChange(RcaState state) => state == RcaState.InReview ? RcaState.InAnalysis : state;

    /// <summary>
    /// Whether the caller plays <paramref name="role"/> in an RCA of <paramref name="organizationId"/>;
    /// a customer acts only on its own organisation's RCAs.
    /// </summary>
    /// <param name="actionOwnerId">For a change of an action: the person the action names.</param>
    public static bool MayAct(Caller caller, RcaRole role, RcaParties parties, Guid organizationId, Guid? actionOwnerId = null)
    {
        if (!caller.IsVendor && caller.OrganizationId != organizationId)
        {
            return false;
        }
        return role switch
        {
            RcaRole.Author => parties.Authors.Any(party => PartyRoles.ActsFor(caller, party)),
            RcaRole.AuthorOrActionOwner => parties.Authors.Any(party => PartyRoles.ActsFor(caller, party))
                || (actionOwnerId is { } owner && owner == caller.SubjectId),
            RcaRole.Reviewer => PartyRoles.ActsFor(caller, parties.Reviewer),
            RcaRole.Owner => PartyRoles.ActsFor(caller, parties.Owner),
            RcaRole.VendorEngineer => caller.IsVendorEngineer,
            RcaRole.EitherParty => PartyRoles.ActsFor(caller, Caller.VendorParty) || PartyRoles.ActsFor(caller, Caller.CustomerParty),
            _ => false,
        };
    }

    /// <summary>PERMISSION_DENIED, saying who may make the change, unless <see cref="MayAct"/>.</summary>
    public static void EnsureMayAct(Caller caller, Change change, RcaParties parties, Guid organizationId, Guid? actionOwnerId = null)
    {
        if (MayAct(caller, change.Role, parties, organizationId, actionOwnerId))
        {
            return;
        }
        var who = change.Role switch
        {
            RcaRole.Author => $"{Staff(parties.Authors)} staff, who write this RCA under the customer's RASCI matrix",
            RcaRole.AuthorOrActionOwner => $"{Staff(parties.Authors)} staff, who write this RCA, or the action's owner",
            RcaRole.Reviewer => $"{Staff([parties.Reviewer])} staff, who review this RCA under the customer's RASCI matrix",
            RcaRole.Owner => $"{Staff([parties.Owner])} staff, who are accountable for this RCA under the customer's RASCI matrix",
            RcaRole.VendorEngineer => "the vendor's engineers and support managers: the cause is their technical finding (comment to contest it)",
            _ => "the vendor's and the customer's staff",
        };
        throw new PermissionException("RCA_CHANGE_NOT_YOURS", $"Only {who} may {change.Name} it.");
    }

    /// <summary>FAILED_PRECONDITION naming the current state when the change is not allowed from it.</summary>
    public static void EnsureAllowed(Change change, RcaState current, Guid rcaId)
    {
        if (!change.From.Contains(current))
        {
            throw new PreconditionException("RCA_STATE", $"rcas/{rcaId}",
                $"Cannot {change.Name} an RCA in state {ProtoEnums.Name(current)}; allowed in {string.Join(", ", change.From.Select(ProtoEnums.Name))}.");
        }
    }

    private static string Staff(IEnumerable<string> parties) => string.Join(" and ", parties.Select(party => party.ToLowerInvariant()));
}
