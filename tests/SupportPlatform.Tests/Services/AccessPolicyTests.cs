extern alias cases;
extern alias escalation;
extern alias identity;
extern alias notification;
extern alias rca;

using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Cases.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using SupportPlatform.Tests.Shared;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// Walks every RPC of every service (from the proto descriptors) with every kind of principal and
/// checks the status against the service's policy table, and another tenant's objects against
/// NOT_FOUND. An RPC added without a policy entry fails here.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class AccessPolicyTests(StackFixture fixture)
{
    private sealed record Service(FileDescriptor File, GrpcChannel Channel, RpcPolicy Policy);

    private IReadOnlyList<Service> Services()
    {
        var stack = fixture.Stack;
        return
        [
            new(IdentityReflection.Descriptor, stack.IdentityChannel, identity::SupportPlatform.Identity.Grpc.AccessPolicy.Table),
            new(ResponsibilityReflection.Descriptor, stack.IdentityChannel, identity::SupportPlatform.Identity.Grpc.AccessPolicy.Table),
            new(CasesReflection.Descriptor, stack.CasesChannel, cases::SupportPlatform.Cases.Grpc.AccessPolicy.Table),
            new(SupportPlatform.Escalation.V1.EscalationReflection.Descriptor, stack.EscalationChannel, escalation::SupportPlatform.Escalation.Grpc.AccessPolicy.Table),
            new(SupportPlatform.Escalation.V1.OncallReflection.Descriptor, stack.EscalationChannel, escalation::SupportPlatform.Escalation.Grpc.AccessPolicy.Table),
            new(SupportPlatform.Rca.V1.RcaReflection.Descriptor, stack.RcaChannel, rca::SupportPlatform.Rca.Grpc.AccessPolicy.Table),
            new(SupportPlatform.Notification.V1.NotificationReflection.Descriptor, stack.NotificationChannel, notification::SupportPlatform.Notification.Grpc.AccessPolicy.Table),
        ];
    }

    [Fact]
    public void EveryRpc_HasAPolicyEntry()
    {
        foreach (var service in Services())
        {
            foreach (var method in service.File.Services.SelectMany(s => s.Methods))
            {
                Assert.True(service.Policy.For($"/{method.Service.FullName}/{method.Name}") is not null,
                    $"{method.FullName} has no entry in its service's AccessPolicy table");
            }
        }
    }

    [Fact]
    public async Task EveryRpc_WithEveryKindOfPrincipal_GetsWhatThePolicySays_AndAnotherTenantsObjectsAreNotFound()
    {
        var stack = fixture.Stack;
        var admin = await stack.AdminTokenAsync();
        var orgA = await stack.CreateCustomerAsync();
        var orgB = await stack.CreateCustomerAsync();
        var agentA = await stack.CreatePersonAsync(orgA.OrganizationId, Role.L1Agent);
        var agentB = await stack.CreatePersonAsync(orgB.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        var vendorId = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(admin).GetClaim("org").Value;
        var integration = await stack.Organizations.CreateServiceAccountAsync(new CreateServiceAccountRequest
        {
            OrganizationId = orgA.OrganizationId, DisplayName = "CRM connector", Roles = { Role.Integration },
        }, Bearer(admin));

        var principals = new Dictionary<Principal, string>
        {
            [Principal.EndUser] = (await stack.CreatePersonAsync(orgA.OrganizationId, Role.EndUser)).Token,
            [Principal.L1Agent] = agentA.Token,
            [Principal.CustomerAdmin] = (await stack.CreatePersonAsync(orgA.OrganizationId, Role.CustomerAdmin)).Token,
            [Principal.Integration] = await ClientTokenAsync(integration.ClientId, integration.ClientSecret),
            [Principal.VendorEngineer] = engineer.Token,
            [Principal.SupportManager] = (await stack.CreatePersonAsync(vendorId, Role.SupportManager, trained: false)).Token,
            [Principal.Trainer] = (await stack.CreatePersonAsync(vendorId, Role.Trainer, trained: false)).Token,
            [Principal.PlatformAdmin] = admin,
            [Principal.InternalService] = await ClientTokenAsync(InternalServiceAccounts.ClientId("cases"),
                InternalServiceAccounts.DeriveSecret(ServiceStack.InternalServicesSecret, "cases")),
        };

        // Objects of organisation A: a resolved P1 incident with its SLA record and RCA.
        var trail = await stack.FollowP1IncidentAsync(agentA, engineer, TimeSpan.FromSeconds(20));
        var ids = new Dictionary<string, object>
        {
            ["case_id"] = trail.Submitted.CaseId,
            ["rca_id"] = trail.Rca.RcaId,
            ["organization_id"] = orgA.OrganizationId,
            ["person_id"] = agentA.Person.PersonId,
            ["task_id"] = "l2-l3-support",
            ["version"] = trail.Resolved.Version,
        };

        foreach (var service in Services())
        {
            foreach (var method in service.File.Services.SelectMany(s => s.Methods))
            {
                var name = $"/{method.Service.FullName}/{method.Name}";
                var allowed = service.Policy.For(name)!;
                var body = Request(method, ids);

                var anonymous = await CallAsync(service.Channel, method, body, token: null);
                if (!allowed.Contains(Principal.Anonymous))
                {
                    Assert.True(anonymous.Code == StatusCode.Unauthenticated, $"{name} anonymous: {anonymous.Code}");
                }

                foreach (var (kind, token) in principals)
                {
                    var (code, reason, _) = await CallAsync(service.Channel, method, body, token);
                    if (allowed.Contains(kind) || allowed.Contains(Principal.Anonymous))
                    {
                        Assert.False(code == StatusCode.Unauthenticated || reason == "NOT_ALLOWED_FOR_PRINCIPAL",
                            $"{name} as {kind}: {code} {reason}, but the policy allows it");
                    }
                    else
                    {
                        Assert.True(code == StatusCode.PermissionDenied && reason == "NOT_ALLOWED_FOR_PRINCIPAL",
                            $"{name} as {kind}: {code} {reason}, but the policy does not allow it");
                    }
                }

                // An L1 agent of organisation B, asking about organisation A's objects.
                var carriesIds = method.InputType.Fields.InFieldNumberOrder().Any(f => f.Name is "case_id" or "rca_id" or "organization_id" or "person_id");
                if (allowed.Contains(Principal.L1Agent) && carriesIds)
                {
                    var (code, _, response) = await CallAsync(service.Channel, method, body, agentB.Token);
                    // A list filtered by another tenant's object answers with nothing in it.
                    var emptyList = code == StatusCode.OK && method.Name.StartsWith("List", StringComparison.Ordinal)
                        && method.OutputType.Fields.InFieldNumberOrder().Where(f => f.IsRepeated)
                            .All(f => ((System.Collections.IList)f.Accessor.GetValue(method.OutputType.Parser.ParseFrom(response))).Count == 0);
                    Assert.True(code is StatusCode.NotFound or StatusCode.InvalidArgument || emptyList,
                        $"{name} by another tenant's L1 agent about organisation A's objects answered {code}, not NOT_FOUND");
                }
            }
        }
    }

    private async Task<string> ClientTokenAsync(string clientId, string secret) =>
        (await fixture.Stack.Tokens.IssueTokenAsync(new IssueTokenRequest
        {
            GrantType = GrantType.ClientCredentials, ClientId = clientId, ClientSecret = secret,
        })).AccessToken;

    /// <summary>An instance of the RPC's request with every id field pointing at organisation A's objects.</summary>
    private static byte[] Request(MethodDescriptor method, IReadOnlyDictionary<string, object> ids)
    {
        var message = method.InputType.Parser.ParseFrom(ByteString.Empty);
        foreach (var field in method.InputType.Fields.InFieldNumberOrder())
        {
            if (ids.TryGetValue(field.Name, out var value) && !field.IsRepeated
                && (field.FieldType == FieldType.String && value is string || field.FieldType == FieldType.Int64 && value is long))
            {
                field.Accessor.SetValue(message, value);
            }
        }
        return message.ToByteArray();
    }

    private static async Task<(StatusCode Code, string? Reason, byte[] Response)> CallAsync(GrpcChannel channel, MethodDescriptor method, byte[] body, string? token)
    {
        var outcome = await RawCalls.CallAsync(channel, method, body, token is null ? new Metadata() : Bearer(token));
        return (outcome.Code, outcome.Reason, outcome.Response);
    }
}
