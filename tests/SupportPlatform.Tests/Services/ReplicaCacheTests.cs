using Grpc.Core;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// Two replicas of the case service on one database and broker: an event that invalidates a cache
/// reaches both, not whichever took it off a shared queue.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ReplicaCacheTests(StackFixture fixture)
{
    /// <summary>How soon every replica must follow; the events themselves take milliseconds.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);

    private readonly ServiceStack stack = fixture.Stack;

    [Fact]
    public async Task MatrixChange_IsFollowedByBothCaseReplicas_WithinASecond()
    {
        await using var replica = stack.StartCasesReplica();
        CaseService.CaseServiceClient[] replicas = [stack.Cases, new(replica.Channel)];
        var admin = await stack.AdminTokenAsync();
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();

        // A resolved case per replica, and each replica refuses the vendor's close: closing is the
        // customer's task by default, and each replica now holds that answer in its cache.
        var closes = new List<CloseCaseRequest>();
        foreach (var cases in replicas)
        {
            var close = await ResolvedQuestionAsync(cases, agent.Token, engineer.Token);
            var refused = await Assert.ThrowsAsync<RpcException>(() => cases.CloseCaseAsync(close, Bearer(engineer.Token)).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
            closes.Add(close);
        }

        await stack.Responsibilities.SetMatrixOverrideAsync(VendorRunsEndUserHelpdesk(customer.OrganizationId), Bearer(admin));

        for (var index = 0; index < replicas.Length; index++)
        {
            var (cases, close) = (replicas[index], closes[index]);
            await WaitUntilAsync(async () =>
            {
                try
                {
                    await cases.CloseCaseAsync(close, Bearer(engineer.Token));
                    return true;
                }
                catch (RpcException exception) when (exception.StatusCode == StatusCode.PermissionDenied)
                {
                    return false;
                }
            }, Deadline, $"case replica {index + 1} follows the new matrix");
        }
    }

    [Fact]
    public async Task PersonChange_IsFollowedByBothCaseReplicas_WithinASecond()
    {
        await using var replica = stack.StartCasesReplica();
        CaseService.CaseServiceClient[] replicas = [stack.Cases, new(replica.Channel)];
        var organization = await stack.CreateCustomerAsync();
        var customerAdmin = await stack.CreatePersonAsync(organization.OrganizationId, Role.CustomerAdmin);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        // Each replica remembers that the agent may submit.
        foreach (var cases in replicas)
        {
            await cases.SubmitCaseAsync(ValidCase(), Bearer(agent.Token));
        }

        await stack.People.DeactivatePersonAsync(new DeactivatePersonRequest { PersonId = agent.Person.PersonId, Reason = "Left the company." }, Bearer(customerAdmin.Token));

        for (var index = 0; index < replicas.Length; index++)
        {
            var cases = replicas[index];
            await WaitUntilAsync(async () =>
            {
                try
                {
                    await cases.SubmitCaseAsync(ValidCase(), Bearer(agent.Token));
                    return false;
                }
                catch (RpcException exception) when (exception.StatusCode == StatusCode.PermissionDenied)
                {
                    return exception.Status.Detail.Contains("deactivated");
                }
            }, Deadline, $"case replica {index + 1} refuses the deactivated agent");
        }
    }
}
