using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;
using SupportPlatform.Cases.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Rca.V1;
using SupportPlatform.Tests.Infrastructure;
using SupportPlatform.Tests.Shared;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>Malformed and oversized requests get a clear status, never INTERNAL or UNKNOWN.</summary>
[Collection(StackCollection.Name)]
public sealed class BadInputTests(StackFixture fixture)
{
    [Fact]
    public async Task EveryRpc_WithAnEmptyOrGarbageRequest_AnswersAClearStatus()
    {
        var stack = fixture.Stack;
        var admin = await stack.AdminTokenAsync();
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        (FileDescriptor File, GrpcChannel Channel)[] files =
        [
            (IdentityReflection.Descriptor, stack.IdentityChannel),
            (ResponsibilityReflection.Descriptor, stack.IdentityChannel),
            (CasesReflection.Descriptor, stack.CasesChannel),
            (SupportPlatform.Escalation.V1.EscalationReflection.Descriptor, stack.EscalationChannel),
            (RcaReflection.Descriptor, stack.RcaChannel),
            (SupportPlatform.Notification.V1.NotificationReflection.Descriptor, stack.NotificationChannel),
        ];
        // An empty message, and bytes that are not a valid message of any type.
        byte[][] bodies = [[], [0xFF, 0xFF, 0xFF, 0x0F, 0x01]];

        foreach (var (file, channel) in files)
        {
            foreach (var method in file.Services.SelectMany(service => service.Methods))
            {
                foreach (var token in new[] { admin, agent.Token })
                {
                    foreach (var body in bodies)
                    {
                        var status = (await RawCalls.CallAsync(channel, method, body, Bearer(token))).Code;
                        if (body.Length == 0)
                        {
                            Assert.True(status is not (StatusCode.Internal or StatusCode.Unknown),
                                $"{method.FullName} with an empty request answered {status}");
                        }
                        else
                        {
                            // Bytes that are no protobuf message fail in grpc-dotnet's deserializer,
                            // before any interceptor runs: UNKNOWN, never OK and never INTERNAL.
                            Assert.True(status is not (StatusCode.Internal or StatusCode.OK),
                                $"{method.FullName} with a garbage body answered {status}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public async Task MalformedIds_AreInvalidArgument_WithTheFieldNamed()
    {
        var stack = fixture.Stack;
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);

        var getCase = await Assert.ThrowsAsync<RpcException>(() =>
            stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = "not-a-uuid" }, Bearer(agent.Token)).ResponseAsync);
        var listRcas = await Assert.ThrowsAsync<RpcException>(() =>
            stack.Rcas.ListRcasAsync(new ListRcasRequest { PageSize = 1000, PageToken = "forged" }, Bearer(agent.Token)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, getCase.StatusCode);
        Assert.Equal(["case_id"], getCase.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(["page_size", "page_token"], listRcas.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task OversizedRequest_IsResourceExhausted_AndWritesNothing()
    {
        var stack = fixture.Stack;
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var request = ValidCase();
        request.Details.Description = new string('x', 2 * 1024 * 1024);

        var error = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.SubmitCaseAsync(request, Bearer(agent.Token)).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.True(request.CalculateSize() > 1024 * 1024);
        Assert.Equal(0, await Sql.CountAsync(stack.DatabaseFile("casedb"), "SELECT COUNT(*) FROM cases WHERE request_id = @p", request.RequestId));
    }
}
