using Grpc.Core;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Rca.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>The services ask the matrix who does what, and follow a change of it.</summary>
[Collection(StackCollection.Name)]
public sealed class MatrixDrivenTests(StackFixture fixture)
{
    private readonly ServiceStack stack = fixture.Stack;

    [Fact]
    public async Task P1CausedByTheCustomersSbc_HasAnRcaOwnedByTheCustomer()
    {
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P1), Bearer(agent.Token))).Case;
        var acknowledged = (await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version }, Bearer(engineer.Token))).Case;
        await stack.Cases.ResolveCaseAsync(new ResolveCaseRequest
        {
            CaseId = submitted.CaseId,
            Version = acknowledged.Version,
            ResolutionSummary = "The SBC dropped the media after a firmware update.",
            Cause = CauseAttribution.Sbc,
        }, Bearer(engineer.Token));

        SupportPlatform.Rca.V1.Rca? rca = null;
        await WaitUntilAsync(async () =>
        {
            rca = (await stack.Rcas.ListRcasAsync(new ListRcasRequest { CaseId = submitted.CaseId }, Bearer(agent.Token))).Rcas.SingleOrDefault();
            return rca is not null;
        }, TimeSpan.FromSeconds(20), "the RCA exists");

        Assert.Equal(SupportPlatform.Common.V1.Party.Customer, rca!.Owner);
        Assert.Equal(CauseAttribution.Sbc, rca.CauseAttribution);
    }

    [Fact]
    public async Task OverridingWhoClosesCases_TakesEffectInTheCaseService()
    {
        var admin = await stack.AdminTokenAsync();
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P3, CaseType.Question), Bearer(agent.Token))).Case;
        var acknowledged = (await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version }, Bearer(engineer.Token))).Case;
        var resolved = (await stack.Cases.ResolveCaseAsync(new ResolveCaseRequest
        {
            CaseId = submitted.CaseId, Version = acknowledged.Version, ResolutionSummary = "Answered the question in detail.",
        }, Bearer(engineer.Token))).Case;
        var close = new CloseCaseRequest { CaseId = submitted.CaseId, Version = resolved.Version };

        // By default closing is the customer's task: the vendor may not, and the answer is cached.
        var before = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.CloseCaseAsync(close, Bearer(engineer.Token)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, before.StatusCode);

        await stack.Responsibilities.SetMatrixOverrideAsync(new SetMatrixOverrideRequest
        {
            OrganizationId = customer.OrganizationId,
            TaskId = "prime-contact-end-users",
            Party = SupportPlatform.Common.V1.Party.Vendor,
            Letters = { Letter.Responsible },
            ExpectedVersion = 0,
            Reason = "The vendor runs this customer's end-user helpdesk.",
        }, Bearer(admin));

        // The matrix-changed event drops the cached answer; then the vendor may close.
        Case? closed = null;
        await WaitUntilAsync(async () =>
        {
            try
            {
                closed = (await stack.Cases.CloseCaseAsync(close, Bearer(engineer.Token))).Case;
                return true;
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.PermissionDenied)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(20), "the case service follows the new matrix");
        Assert.Equal(CaseStatus.Closed, closed!.Status);
    }
}
