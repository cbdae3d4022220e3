using Grpc.Core;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Rca.Domain;

namespace SupportPlatform.Rca.Application;

/// <summary>
/// Reads a case from the case service with the caller's own token, so the case service decides
/// what the caller may see: a case the caller may not see is NOT_FOUND here too.
/// </summary>
public sealed class CaseLookup(CaseService.CaseServiceClient cases)
{
    public async Task<CaseFacts> FactsAsync(Caller caller, Guid caseId, CancellationToken cancellationToken)
    {
        Case found;
        try
        {
            found = (await cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId.ToString() },
                new Metadata { { "authorization", "Bearer " + caller.AccessToken } }, cancellationToken: cancellationToken)).Case;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            throw new NotFoundException("case", caseId.ToString());
        }
        return new CaseFacts(
            caseId,
            Guid.Parse(found.OrganizationId),
            Guid.Parse(found.SubmitterId),
            found.Details.Title,
            ProtoEnums.Name(found.Details.Type),
            ProtoEnums.Name(found.Details.Priority),
            ProtoEnums.Name(found.Plan),
            found.CreatedAt.ToDateTimeOffset(),
            found.AcknowledgedAt?.ToDateTimeOffset(),
            found.ResolvedAt?.ToDateTimeOffset());
    }
}
