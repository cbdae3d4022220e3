using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Cases.V1;

namespace SupportPlatform.Cases.Domain;

/// <summary>The party that may perform a transition.</summary>
public enum Actor
{
    /// <summary>Vendor engineers (L2, L3, support manager): the vendor's A,R task "L2-3 support".</summary>
    VendorEngineer,

    /// <summary>The customer's L1 agents and admins: the customer's A,R task "submitting cases".</summary>
    CustomerStaff,
}

/// <summary>
/// The case state machine (DESIGN.md, "Lifecycle"): which transitions exist, from which states,
/// and which party performs each. Pure: no I/O.
/// </summary>
public static class CaseLifecycle
{
    public sealed record Transition(string Name, IReadOnlySet<CaseStatus> From, CaseStatus To, Actor Actor);

    public static readonly Transition Acknowledge = new("acknowledge", new HashSet<CaseStatus> { CaseStatus.Submitted }, CaseStatus.Acknowledged, Actor.VendorEngineer);

    public static readonly Transition Resolve = new("resolve",
        new HashSet<CaseStatus> { CaseStatus.Acknowledged, CaseStatus.InProgress, CaseStatus.AwaitingCustomer }, CaseStatus.Resolved, Actor.VendorEngineer);

    public static readonly Transition Close = new("close", new HashSet<CaseStatus> { CaseStatus.Resolved }, CaseStatus.Closed, Actor.CustomerStaff);

    /// <summary>Whether the caller is the party of <paramref name="actor"/> for a case of <paramref name="organizationId"/>.</summary>
    public static bool IsActor(Caller caller, Actor actor, Guid organizationId) => actor switch
    {
        Actor.VendorEngineer => caller.IsVendorEngineer,
        Actor.CustomerStaff => caller.IsCustomer && caller.OrganizationId == organizationId
            && caller.HasAnyRole(Roles.L1Agent, Roles.CustomerAdmin),
        _ => false,
    };

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
