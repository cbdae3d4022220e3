using Grpc.Core;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>The filters of ListCases the portal's lists use: type, submitter ("mine"), title search, unassigned, tier.</summary>
[Collection(StackCollection.Name)]
public sealed class CaseListFilterTests(StackFixture fixture)
{
    private ServiceStack Stack => fixture.Stack;

    [Fact]
    public async Task ListCases_FiltersByType_Submitter_TitleText_Unassigned_AndTier()
    {
        var organization = await Stack.CreateCustomerAsync();
        var lin = await Stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var kim = await Stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var engineer = await Stack.CreateVendorEngineerAsync();
        var incident = (await Stack.Cases.SubmitCaseAsync(ValidCase(Priority.P2), Bearer(lin.Token))).Case;
        var question = ValidCase(Priority.P4, CaseType.Question);
        question.Details.Title = "How do I export 50% of the CDRs?";
        var asked = (await Stack.Cases.SubmitCaseAsync(question, Bearer(kim.Token))).Case;
        await Stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = asked.CaseId, Version = asked.Version }, Bearer(engineer.Token));
        var acknowledged = (await Stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = asked.CaseId }, Bearer(engineer.Token))).Case;
        await Stack.Cases.AssignCaseAsync(new AssignCaseRequest
        {
            CaseId = asked.CaseId, Version = acknowledged.Version, EngineerId = engineer.Person.PersonId, Tier = SupportTier.L2,
        }, Bearer(engineer.Token));

        async Task<IEnumerable<string>> ListAsync(ListCasesRequest request, string token)
        {
            request.OrganizationId = organization.OrganizationId;
            return (await Stack.Cases.ListCasesAsync(request, Bearer(token))).Cases.Select(c => c.CaseId);
        }

        Assert.Equal([asked.CaseId], await ListAsync(new ListCasesRequest { CaseTypes = { CaseType.Question } }, lin.Token));
        Assert.Equal([incident.CaseId], await ListAsync(new ListCasesRequest { SubmitterId = lin.Person.PersonId }, lin.Token));
        // Case-insensitive, and a '%' in the text is a percent sign, not a wildcard.
        Assert.Equal([asked.CaseId], await ListAsync(new ListCasesRequest { Query = "EXPORT 50%" }, lin.Token));
        Assert.Empty(await ListAsync(new ListCasesRequest { Query = "export 5%s" }, lin.Token));
        Assert.Equal([incident.CaseId], await ListAsync(new ListCasesRequest { Unassigned = true }, engineer.Token));
        Assert.Equal([asked.CaseId], await ListAsync(new ListCasesRequest { Tiers = { SupportTier.L2 } }, engineer.Token));

        var bad = await Assert.ThrowsAsync<RpcException>(() => Stack.Cases.ListCasesAsync(new ListCasesRequest
        {
            Unassigned = true, AssigneeId = engineer.Person.PersonId, CaseTypes = { (CaseType)42 }, Query = new string('x', 201),
        }, Bearer(engineer.Token)).ResponseAsync);
        Assert.Equal(["case_types", "query", "unassigned"], bad.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
    }
}
