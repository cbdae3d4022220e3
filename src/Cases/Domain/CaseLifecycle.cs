using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Cases.V1;

namespace SupportPlatform.Cases.Domain;

/// <summary>
/// The case state machine (docs/design.md, "Lifecycle"): which changes exist, from which states, into
/// which state, and whose task each is in the RASCI matrix. Pure: no I/O — the matrix answer is
/// passed in.
/// </summary>
public static class CaseLifecycle
{
    /// <param name="TaskId">The matrix task the change belongs to.</param>
    /// <param name="Letters">The caller's party must hold one of these letters for the task.</param>
    /// <param name="To">The state after the change; null for changes that keep the state.</param>
    /// <param name="Action">The history action of the state move (one of <see cref="HistoryActions"/>).</param>
    public sealed record Transition(string Name, IReadOnlySet<CaseStatus> From, CaseStatus? To, string TaskId, string Letters, string Action);

    private static HashSet<CaseStatus> States(params CaseStatus[] states) => [.. states];

    /// <summary>States in which the case is still being worked (changes like assignment apply).</summary>
    public static readonly IReadOnlySet<CaseStatus> Open = States(
        CaseStatus.Submitted, CaseStatus.Acknowledged, CaseStatus.InProgress, CaseStatus.AwaitingCustomer, CaseStatus.Resolved,
        CaseStatus.ReturnedToCustomer);

    public static readonly Transition Acknowledge = new("acknowledge", States(CaseStatus.Submitted), CaseStatus.Acknowledged, MatrixTasks.L2L3Support, "R", HistoryActions.Acknowledged);
    public static readonly Transition RequestInfo = new("request information on", States(CaseStatus.Acknowledged, CaseStatus.InProgress), CaseStatus.AwaitingCustomer, MatrixTasks.L2L3Support, "R", HistoryActions.CustomerInfoRequested);
    public static readonly Transition ProvideInfo = new("provide information on", States(CaseStatus.AwaitingCustomer), CaseStatus.InProgress, MatrixTasks.L2L3Support, "S", HistoryActions.CustomerInfoProvided);
    public static readonly Transition Resolve = new("resolve", States(CaseStatus.Acknowledged, CaseStatus.InProgress, CaseStatus.AwaitingCustomer), CaseStatus.Resolved, MatrixTasks.L2L3Support, "R", HistoryActions.Resolved);

    /// <summary>
    /// Closing after talking to the end-users: the "prime contact for end-users" (customer A,R by
    /// default) closes the incident or request.
    /// </summary>
    public static readonly Transition Close = new("close", States(CaseStatus.Resolved), CaseStatus.Closed, MatrixTasks.PrimeContactForEndUsers, "R", HistoryActions.Closed);
    /// <summary>
    /// The platform closes a case that stayed resolved and quiet: no party's letters allow it
    /// (empty), so only the platform itself makes this change.
    /// </summary>
    public static readonly Transition AutoClose = new("close automatically", States(CaseStatus.Resolved), CaseStatus.Closed, MatrixTasks.PrimeContactForEndUsers, "", HistoryActions.AutoClosed);
    public static readonly Transition Reopen = new("reopen", States(CaseStatus.Resolved), CaseStatus.InProgress, MatrixTasks.PrimeContactForEndUsers, "R", HistoryActions.Reopened);
    public static readonly Transition Return = new("return", States(CaseStatus.Submitted, CaseStatus.Acknowledged), CaseStatus.ReturnedToCustomer, MatrixTasks.L2L3Support, "R", HistoryActions.Returned);
    public static readonly Transition Resubmit = new("resubmit", States(CaseStatus.ReturnedToCustomer), CaseStatus.Submitted, MatrixTasks.SubmittingCases, "R", HistoryActions.Resubmitted);
    public static readonly Transition Withdraw = new("withdraw",
        States(CaseStatus.Submitted, CaseStatus.Acknowledged, CaseStatus.InProgress, CaseStatus.AwaitingCustomer, CaseStatus.ReturnedToCustomer),
        CaseStatus.Withdrawn, MatrixTasks.SubmittingCases, "R", HistoryActions.Withdrawn);

    /// <summary>
    /// The vendor records that the case waits on a third party (L2-3 support work, like asking the
    /// customer), while it works the case; see <see cref="ThirdPartyWait"/>.
    /// </summary>
    public static readonly Transition StartThirdPartyWait = new("start a third-party wait on",
        States(CaseStatus.Acknowledged, CaseStatus.InProgress), null, MatrixTasks.L2L3Support, "R", HistoryActions.ThirdPartyWaitStarted);
    /// <summary>
    /// The vendor ends a recorded third-party wait, from any state a wait lasts in; in every other
    /// state it has already ended by itself (<see cref="ThirdPartyWait.EndIfOver"/>).
    /// </summary>
    public static readonly Transition EndThirdPartyWait = new("end the third-party wait of",
        States(CaseStatus.Acknowledged, CaseStatus.InProgress, CaseStatus.AwaitingCustomer), null, MatrixTasks.L2L3Support, "R", HistoryActions.ThirdPartyWaitEnded);

    /// <summary>Assignment is L2-3 support work (vendor).</summary>
    public static readonly Transition Assign = new("assign",
        States(CaseStatus.Submitted, CaseStatus.Acknowledged, CaseStatus.InProgress, CaseStatus.AwaitingCustomer), null, MatrixTasks.L2L3Support, "R", HistoryActions.Assigned);

    /// <summary>Priority: the vendor working it, or the customer supporting it.</summary>
    public static readonly Transition ChangePriority = new("change the priority of",
        States(CaseStatus.Submitted, CaseStatus.Acknowledged, CaseStatus.InProgress, CaseStatus.AwaitingCustomer), null, MatrixTasks.L2L3Support, "RS", HistoryActions.PriorityChanged);

    /// <summary>Comments: everyone with a part in L2-3 support but the merely informed.</summary>
    public static readonly Transition Comment = new("comment on", Open, null, MatrixTasks.L2L3Support, "RASC", HistoryActions.CommentAdded);

    /// <summary>
    /// Whether the caller may perform a change for a case of <paramref name="organizationId"/>:
    /// the caller's party holds one of the change's letters for its task in that organisation's
    /// matrix, the caller holds a role that acts for the party, and a customer acts only on its
    /// own organisation's cases.
    /// </summary>
    public static bool MayPerform(Caller caller, Transition change, TaskResponsibility duty, Guid organizationId) =>
        change.Letters.Any(letter => duty.Holds(caller.MatrixParty, letter))
        && PartyRoles.ActsFor(caller, caller.MatrixParty)
        && (caller.IsVendor || caller.OrganizationId == organizationId);

    /// <summary>Throws FAILED_PRECONDITION naming the current state when the change is not allowed from it.</summary>
    public static void EnsureAllowed(Transition change, CaseStatus current, Guid caseId)
    {
        if (!change.From.Contains(current))
        {
            throw new PreconditionException("CASE_STATE", $"cases/{caseId}",
                $"Cannot {change.Name} a case in state {ProtoEnums.Name(current)}; allowed from {string.Join(", ", change.From.Select(ProtoEnums.Name))}.");
        }
    }
}
