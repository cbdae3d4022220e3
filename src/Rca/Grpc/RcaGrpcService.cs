using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Rca.Data;
using SupportPlatform.Rca.V1;

namespace SupportPlatform.Rca.Grpc;

public sealed class RcaGrpcService(RcaStore store) : RcaService.RcaServiceBase
{
    public override async Task<GetRcaResponse> GetRca(GetRcaRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations().RequireId(request.RcaId, "rca_id", out var id).ThrowIfAny();
        var record = await store.FindAsync(id);
        if (record is null || !(caller.IsVendor || caller.OrganizationId == record.OrganizationId))
        {
            throw new NotFoundException("rca", request.RcaId);
        }
        return new GetRcaResponse { Rca = ToProto(record) };
    }

    public override async Task<ListRcasResponse> ListRcas(ListRcasRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var caseId = violations.OptionalId(request.CaseId, "case_id");
        var page = PageToken.Read(request.PageSize, request.PageToken, violations);
        violations.ThrowIfAny();

        var rows = await store.ListAsync(caller.IsVendor ? null : caller.OrganizationId, caseId, page.Before, page.Size + 1);
        var response = new ListRcasResponse { Rcas = { rows.Take(page.Size).Select(ToProto) } };
        if (rows.Count > page.Size)
        {
            response.NextPageToken = PageToken.Write(rows[page.Size - 1].Seq);
        }
        return response;
    }

    private static V1.Rca ToProto(RcaRecord record) => new()
    {
        RcaId = record.Id.ToString(),
        OrganizationId = record.OrganizationId.ToString(),
        CaseIds = { record.CaseId.ToString() },
        State = ProtoEnums.Parse<RcaState>(record.State),
        Owner = ProtoEnums.Parse<Party>(record.OwnerParty),
        Cause = record.Cause ?? "",
        CreatedAt = Timestamp.FromDateTimeOffset(record.CreatedAt),
        DueAt = Timestamp.FromDateTimeOffset(record.DueAt),
    };
}
