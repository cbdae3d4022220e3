using System.Security.Cryptography;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Tests.Infrastructure;
using SupportPlatform.Tests.Shared;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// Walks every RPC of every service, from the proto descriptors, so that an RPC added later is
/// covered without touching this test.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class AuthenticationTests(StackFixture fixture)
{
    private static readonly HashSet<string> Anonymous =
    [
        "support.identity.v1.TokenService/IssueToken",
        "support.identity.v1.TokenService/GetJwks",
        // Sign-out: holding the refresh token is the proof, as for its exchange in IssueToken.
        "support.identity.v1.TokenService/RevokeSession",
        // Setting a password through an invitation link: the link's token is the proof.
        "support.identity.v1.PeopleService/AcceptInvitation",
    ];

    private IEnumerable<(string Method, MethodDescriptor Descriptor, GrpcChannel Channel)> AllMethods()
    {
        var stack = fixture.Stack;
        (FileDescriptor File, GrpcChannel Channel)[] files =
        [
            (SupportPlatform.Identity.V1.IdentityReflection.Descriptor, stack.IdentityChannel),
            (SupportPlatform.Identity.V1.ResponsibilityReflection.Descriptor, stack.IdentityChannel),
            (SupportPlatform.Cases.V1.CasesReflection.Descriptor, stack.CasesChannel),
            (SupportPlatform.Escalation.V1.EscalationReflection.Descriptor, stack.EscalationChannel),
            (SupportPlatform.Escalation.V1.OncallReflection.Descriptor, stack.EscalationChannel),
            (SupportPlatform.Rca.V1.RcaReflection.Descriptor, stack.RcaChannel),
            (SupportPlatform.Notification.V1.NotificationReflection.Descriptor, stack.NotificationChannel),
        ];
        return files.SelectMany(file => file.File.Services.SelectMany(service =>
            service.Methods.Select(method => ($"{service.FullName}/{method.Name}", method, file.Channel))));
    }

    private static async Task<StatusCode> CallWithEmptyRequestAsync(GrpcChannel channel, MethodDescriptor method, string? token) =>
        (await RawCalls.CallAsync(channel, method, [], token is null ? new Metadata() : Bearer(token))).Code;

    [Fact]
    public async Task EveryRpc_WithoutToken_IsUnauthenticated_ExceptTokenIssuance()
    {
        var methods = AllMethods().ToList();
        Assert.True(methods.Count >= 14, "the descriptors list the services' RPCs");

        foreach (var (method, descriptor, channel) in methods)
        {
            var status = await CallWithEmptyRequestAsync(channel, descriptor, token: null);
            if (Anonymous.Contains(method))
            {
                Assert.NotEqual(StatusCode.Unauthenticated, status);
            }
            else
            {
                Assert.True(status == StatusCode.Unauthenticated, $"{method} without a token answered {status}");
            }
        }
    }

    [Fact]
    public async Task EveryRpc_WithAForgedOrExpiredToken_IsUnauthenticated()
    {
        var admin = new JsonWebToken(await fixture.Stack.AdminTokenAsync());
        using var foreignKey = RSA.Create(2048);
        var handler = new JsonWebTokenHandler();
        string Sign(SecurityKey key, DateTime expires) => handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = SupportClaims.Issuer,
            Audience = SupportClaims.Audience,
            IssuedAt = expires.AddMinutes(-15),
            NotBefore = expires.AddMinutes(-15),
            Expires = expires,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = admin.Subject,
                ["org"] = admin.GetClaim("org").Value,
                ["party"] = "PARTY_VENDOR",
                ["kind"] = "service",
                ["role"] = new[] { "ROLE_PLATFORM_ADMIN" },
            },
        });
        // Same claims as a real admin token, but signed by a key identity never issued.
        var forged = Sign(new RsaSecurityKey(foreignKey) { KeyId = admin.Kid }, DateTime.UtcNow.AddMinutes(10));
        // Cut a valid token's signature off and present it unsigned.
        var unsigned = admin.EncodedHeader + "." + admin.EncodedPayload + ".";

        foreach (var (_, descriptor, channel) in AllMethods().Where(m => !Anonymous.Contains(m.Method)))
        {
            Assert.Equal(StatusCode.Unauthenticated, await CallWithEmptyRequestAsync(channel, descriptor, forged));
            Assert.Equal(StatusCode.Unauthenticated, await CallWithEmptyRequestAsync(channel, descriptor, unsigned));
        }
    }

    [Fact]
    public async Task HealthChecks_AnswerWithoutToken()
    {
        var stack = fixture.Stack;
        foreach (var channel in new[] { stack.IdentityChannel, stack.CasesChannel, stack.EscalationChannel, stack.RcaChannel, stack.NotificationChannel })
        {
            var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
        }
    }

    [Fact]
    public async Task WrongPassword_AndUnknownClient_AreUnauthenticated_WithoutSayingWhich()
    {
        var stack = fixture.Stack;
        var wrongSecret = await Assert.ThrowsAsync<RpcException>(() => stack.Tokens.IssueTokenAsync(new SupportPlatform.Identity.V1.IssueTokenRequest
        {
            GrantType = SupportPlatform.Identity.V1.GrantType.ClientCredentials, ClientId = "bootstrap-admin", ClientSecret = "wrong",
        }).ResponseAsync);
        var unknownClient = await Assert.ThrowsAsync<RpcException>(() => stack.Tokens.IssueTokenAsync(new SupportPlatform.Identity.V1.IssueTokenRequest
        {
            GrantType = SupportPlatform.Identity.V1.GrantType.ClientCredentials, ClientId = "nobody", ClientSecret = "wrong",
        }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, wrongSecret.StatusCode);
        Assert.Equal(wrongSecret.Status.Detail, unknownClient.Status.Detail);
    }
}
