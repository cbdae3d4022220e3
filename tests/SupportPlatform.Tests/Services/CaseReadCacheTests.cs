extern alias cases;

using Microsoft.Extensions.DependencyInjection;
using SupportPlatform.Cases.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;
using CaseReadCache = cases::SupportPlatform.Cases.Application.CaseReadCache;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// GetCase serves cases it read again from memory, but only while the row is unchanged: a change
/// made through another replica on the same database is seen by the next read, with no wait.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class CaseReadCacheTests(StackFixture fixture)
{
    private readonly ServiceStack stack = fixture.Stack;

    [Fact]
    public async Task ACaseReadAgain_IsServedFromMemory_UntilAnotherReplicaChangesIt_ThenTheChangeIsReadAtOnce()
    {
        await using var replica = stack.StartCasesReplica();
        var kept = replica.Services.GetRequiredService<CaseReadCache>();
        var cases = new CaseService.CaseServiceClient(replica.Channel);
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        var stranger = await stack.CreatePersonAsync((await stack.CreateCustomerAsync()).OrganizationId, Role.L1Agent);
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(), Bearer(agent.Token))).Case;
        var get = new GetCaseRequest { CaseId = submitted.CaseId };

        var first = (await cases.GetCaseAsync(get, Bearer(agent.Token))).Case;
        var (hits, misses) = (kept.Hits, kept.Misses);
        var again = (await cases.GetCaseAsync(get, Bearer(engineer.Token))).Case;
        Assert.Equal(first, again);
        Assert.Equal((hits + 1, misses), (kept.Hits, kept.Misses));
        // Kept or not, a case is another customer's to see only if it is theirs.
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => cases.GetCaseAsync(get, Bearer(stranger.Token)).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.NotFound, refused.StatusCode);

        // The first replica (the stack's own) acknowledges the case; the replica that keeps it reads the change at once.
        await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version }, Bearer(engineer.Token));
        var changed = (await cases.GetCaseAsync(get, Bearer(agent.Token))).Case;
        Assert.Equal((CaseStatus.Acknowledged, submitted.Version + 1), (changed.Status, changed.Version));
        Assert.Equal(misses + 1, kept.Misses);
    }
}
