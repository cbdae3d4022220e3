using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Cases.V1;

namespace SupportPlatform.Cases.Domain;

/// <summary>
/// The case state machine (DESIGN.md, "Lifecycle"): which transitions exist, from which states,
/// and whose task each is in the RASCI matrix. Pure: no I/O — the matrix answer is passed in.
/// </summary>
public static class CaseLifecycle
{
    /// <param name="TaskId">The matrix task whose Responsible party performs the transition.</param>
    public sealed record Transition(string Name, IReadOnlySet<CaseStatus> From, CaseStatus To, string TaskId);

    /// <summary>The vendor's first response: part of "L2-3 Support" (vendor A,R by default).</summary>
    public static readonly Transition Acknowledge = new("acknowledge", new HashSet<CaseStatus> { CaseStatus.Submitted }, CaseStatus.Acknowledged, MatrixTasks.L2L3Support);

    /// <summary>Resolution: part of "L2-3 Support".</summary>
    public static readonly Transition Resolve = new("resolve",
        new HashSet<CaseStatus> { CaseStatus.Acknowledged, CaseStatus.InProgress, CaseStatus.AwaitingCustomer }, CaseStatus.Resolved, MatrixTasks.L2L3Support);

    /// <summary>
    /// Closing after talking to the end-users: the "prime contact for end-users" (customer A,R by
    /// default) closes the incident or request.
    /// </summary>
    public static readonly Transition Close = new("close", new HashSet<CaseStatus> { CaseStatus.Resolved }, CaseStatus.Closed, MatrixTasks.PrimeContactForEndUsers);

    /// <summary>The roles that act for a party when the matrix makes it Responsible.</summary>
    public static IReadOnlyList<string> ActingRoles(string party) => party switch
    {
        Caller.VendorParty => [Roles.L2Engineer, Roles.L3Engineer, Roles.SupportManager],
        Caller.CustomerParty => [Roles.L1Agent, Roles.CustomerAdmin],
        _ => [],
    };

    /// <summary>
    /// Whether the caller may perform a task for a case of <paramref name="organizationId"/>: the
    /// caller's party is Responsible for it in that organisation's matrix, the caller holds a role
    /// that acts for the party, and a customer acts only on its own organisation's cases.
    /// </summary>
    public static bool IsResponsible(Caller caller, TaskResponsibility duty, Guid organizationId) =>
        duty.Holds(caller.MatrixParty, 'R')
        && caller.HasAnyRole([.. ActingRoles(caller.MatrixParty)])
        && (caller.IsVendor || caller.OrganizationId == organizationId);

    /// <summary>Throws FAILED_PRECONDITION naming the current state when the transition is not allowed from it.</summary>
    public static void EnsureAllowed(Transition transition, CaseStatus current, Guid caseId)
    {
        if (!transition.From.Contains(current))
        {
            throw new PreconditionException("CASE_STATE", $"cases/{caseId}",
                $"Cannot {transition.Name} a case in state {ProtoEnums.Name(current)}; allowed from {string.Join(", ", transition.From.Select(ProtoEnums.Name))}.");
        }
    }
}
