using System.Data.Common;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Escalation.Data;

namespace SupportPlatform.Escalation.Application;

/// <summary>The one rule for reaching a case through the escalation service.</summary>
public static class CaseClocks
{
    /// <summary>
    /// The case's clock row when the caller may see the case: vendor staff any, a customer only its
    /// own organisation's. Otherwise — and before the case's first event arrived — NOT_FOUND.
    /// </summary>
    public static async Task<SlaClockRow> VisibleAsync(DbConnection connection, DbTransaction? transaction, Caller caller, Guid caseId)
    {
        var row = await ClockStore.FindAsync(connection, transaction, caseId);
        return row is not null && (caller.IsVendor || caller.OrganizationId == row.OrganizationId)
            ? row
            : throw new NotFoundException("case", caseId.ToString());
    }
}
