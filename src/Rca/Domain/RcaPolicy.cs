using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.Contracts.Events;

namespace SupportPlatform.Rca.Domain;

/// <summary>Which cases require a root cause analysis, and whose it is. Pure: no I/O.</summary>
public static class RcaPolicy
{
    /// <summary>Every resolved P1 incident requires an RCA (docs/design.md, "Root cause analysis").</summary>
    public static bool IsRequired(CaseSnapshot snapshot) =>
        snapshot is { Priority: "P1", Type: "INCIDENT" };

    /// <summary>
    /// The matrix task that decides ownership: a malfunction of a vendor component is the vendor's
    /// RCA ("caused by Anywhere365"); every other cause — customer infrastructure, SBC, SIP trunk,
    /// Microsoft tenant, other third parties — is "other causes".
    /// </summary>
    public static string OwnershipTask(string? cause) =>
        cause == "VENDOR_COMPONENT" ? MatrixTasks.RcaVendorCaused : MatrixTasks.RcaOtherCauses;

    /// <summary>The owner: the party Accountable for the task in the organisation's matrix.</summary>
    public static string Owner(TaskResponsibility duty) =>
        duty.Accountable ?? throw new InvalidOperationException($"Nobody is accountable for '{duty.TaskId}' in the matrix.");
}
