using Google.Rpc;
using Grpc.Core;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>A service another one depends on is down: callers get our own neutral error, never its internals.</summary>
public sealed class DependencyFailureTests
{
    [Fact]
    public async Task SubmitCase_WhileIdentityIsDown_IsUnavailable_WithANeutralMessage_AndTheDetailOnlyInTheLog()
    {
        // A stack of its own: identity is stopped for good.
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        var logs = new LogCapture();
        await using var stack = await ServiceStack.StartAsync(broker, logs);
        var organization = await stack.CreateCustomerAsync();
        var first = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var second = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        // The case service now knows identity's keys and this organisation's matrix; it has not yet
        // asked whether the second agent may submit.
        await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P3), Bearer(first.Token));
        var identityAddress = stack.IdentityChannel.Target;

        await stack.StopIdentityAsync();
        var request = ValidCase(Priority.P3);
        var error = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.SubmitCaseAsync(request, Bearer(second.Token)).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal("A service this request depends on is unavailable. Retry later.", error.Status.Detail);
        var info = error.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal(("DEPENDENCY_UNAVAILABLE", "supportplatform"), (info.Reason, info.Domain));
        var port = identityAddress.Split(':').Last().TrimEnd('/');
        foreach (var leak in new[] { port, "127.0.0.1", "localhost", "HttpRequestException", "Error starting gRPC call", "Connection refused" })
        {
            Assert.DoesNotContain(leak, error.Status.Detail + error.Message, StringComparison.OrdinalIgnoreCase);
        }
        // The detail went to the case service's log instead, and nothing was stored.
        Assert.Contains(logs.Entries, entry => entry.StartsWith("Warning SupportPlatform.BuildingBlocks.Grpc.ErrorInterceptor", StringComparison.Ordinal)
            && entry.Contains("SubmitCase") && entry.Contains(port));
        Assert.Equal(0, await Sql.CountAsync(stack.DatabaseFile("casedb"), "SELECT COUNT(*) FROM cases WHERE request_id = @p", request.RequestId));
    }
}
