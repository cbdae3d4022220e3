using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Escalation.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Rca.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>Signing-key rotation through TokenService/RotateSigningKeys, seen from all five services.</summary>
[Collection(StackCollection.Name)]
public sealed class KeyRotationTests(StackFixture fixture)
{
    private const string Password = "a-long-test-password";

    [Fact]
    public async Task RotatingKeys_WhileRequestsRun_FailsNoRequest_WithTokensFromBeforeAndAfterEachRotation()
    {
        var stack = fixture.Stack;
        var admin = await stack.AdminTokenAsync();
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(), Bearer(agent.Token))).Case;
        await WaitUntilAsync(async () =>
        {
            try
            {
                await stack.Slas.GetCaseSlaAsync(new GetCaseSlaRequest { CaseId = submitted.CaseId }, Bearer(agent.Token));
                return true;
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "the SLA record exists");

        // One read per service, each allowed to the agent and to the engineer.
        var calls = new (string Service, Func<Metadata, Task> Call)[]
        {
            ("identity", headers => stack.People.GetPersonAsync(new GetPersonRequest { PersonId = agent.Person.PersonId }, headers).ResponseAsync),
            ("cases", headers => stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = submitted.CaseId }, headers).ResponseAsync),
            ("escalation", headers => stack.Slas.GetCaseSlaAsync(new GetCaseSlaRequest { CaseId = submitted.CaseId }, headers).ResponseAsync),
            ("rca", headers => stack.Rcas.ListRcasAsync(new ListRcasRequest(), headers).ResponseAsync),
            ("notification", headers => stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest { CaseId = submitted.CaseId }, headers).ResponseAsync),
        };
        var tokens = new ConcurrentQueue<string>([agent.Token, engineer.Token]);
        var succeeded = new ConcurrentDictionary<(string Service, string Kid), int>();
        var failures = new ConcurrentQueue<string>();
        var sweeps = 0;
        using var stop = new CancellationTokenSource();

        async Task WorkAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var token in tokens.ToArray())
                {
                    var kid = new JsonWebToken(token).Kid;
                    foreach (var (service, call) in calls)
                    {
                        try
                        {
                            await call(Bearer(token));
                            succeeded.AddOrUpdate((service, kid), 1, (_, count) => count + 1);
                        }
                        catch (RpcException exception)
                        {
                            failures.Enqueue($"{service} with a token of key {kid}: {exception.StatusCode} {exception.Status.Detail}");
                        }
                    }
                }
                Interlocked.Increment(ref sweeps);
            }
        }

        async Task WaitForSweepsAsync(int count)
        {
            var target = Volatile.Read(ref sweeps) + count;
            await WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref sweeps) >= target), TimeSpan.FromSeconds(60), $"{count} more sweeps");
        }

        async Task<string> SignInAsync(string email) =>
            (await stack.Tokens.IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.Password, Username = email, Password = Password })).AccessToken;

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(WorkAsync)).ToList();
        var firstKid = new JsonWebToken(agent.Token).Kid;
        var kids = new List<string> { firstKid };
        await WaitForSweepsAsync(2);
        // Three rotations in quick succession: after the first the new signing key is already in
        // every cache (it was published as next); after the later ones it is not, and the
        // unknown-key refreshes follow each other within a second.
        for (var rotation = 0; rotation < 3; rotation++)
        {
            var rotated = await stack.Tokens.RotateSigningKeysAsync(new RotateSigningKeysRequest(), Bearer(admin));
            Assert.DoesNotContain(rotated.CurrentKeyId, kids);
            Assert.Contains(kids[^1], rotated.PreviousKeyIds);
            var jwks = await PublishedKeyIdsAsync(stack);
            Assert.Contains(rotated.CurrentKeyId, jwks);
            Assert.Contains(rotated.NextKeyId, jwks);
            Assert.All(kids, kid => Assert.Contains(kid, jwks));

            var agentToken = await SignInAsync(agent.Person.Email);
            var engineerToken = await SignInAsync(engineer.Person.Email);
            Assert.Equal(rotated.CurrentKeyId, new JsonWebToken(agentToken).Kid);
            tokens.Enqueue(agentToken);
            tokens.Enqueue(engineerToken);
            kids.Add(rotated.CurrentKeyId);
        }
        await WaitForSweepsAsync(3);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Empty(failures);
        Assert.Equal(4, kids.Distinct().Count());
        foreach (var kid in kids)
        {
            foreach (var (service, _) in calls)
            {
                Assert.True(succeeded.GetValueOrDefault((service, kid)) > 0, $"{service} served a token of key {kid}");
            }
        }
    }

    [Fact]
    public async Task Jwks_PublishesTheCurrentAndTheNextKey_AndTokensNameTheCurrentOne()
    {
        var stack = fixture.Stack;
        var admin = await stack.AdminTokenAsync();

        var rotated = await stack.Tokens.RotateSigningKeysAsync(new RotateSigningKeysRequest(), Bearer(admin));
        var jwks = await PublishedKeyIdsAsync(stack);
        var token = await stack.AdminTokenAsync();

        Assert.Contains(rotated.CurrentKeyId, jwks);
        Assert.Contains(rotated.NextKeyId, jwks);
        Assert.NotEqual(rotated.CurrentKeyId, rotated.NextKeyId);
        Assert.Equal(rotated.CurrentKeyId, new JsonWebToken(token).Kid);
        Assert.Equal(
            new[] { rotated.CurrentKeyId, rotated.NextKeyId }.Concat(rotated.PreviousKeyIds).Order().ToList(),
            jwks.Order().ToList());
    }

    [Fact]
    public async Task RotateSigningKeys_ByAnyoneButAPlatformAdmin_IsPermissionDenied()
    {
        var stack = fixture.Stack;
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        var before = await PublishedKeyIdsAsync(stack);

        foreach (var token in new[] { agent.Token, engineer.Token })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() =>
                stack.Tokens.RotateSigningKeysAsync(new RotateSigningKeysRequest(), Bearer(token)).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        }
        Assert.Equal(before, await PublishedKeyIdsAsync(stack));
    }

    [Fact]
    public async Task TokenSignedWithARetiredKey_IsRejected_ByIdentityAndByTheOtherServices()
    {
        var stack = fixture.Stack;
        var admin = await stack.AdminTokenAsync();
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(), Bearer(agent.Token))).Case;
        var oldKid = new JsonWebToken(agent.Token).Kid;
        await stack.Tokens.RotateSigningKeysAsync(new RotateSigningKeysRequest(), Bearer(admin));
        // A fresh token signed with the demoted key (as someone holding that key would make it)
        // still verifies: the key is published until the tokens it signed have expired.
        var demotedKey = await PrivateKeyAsync(stack, oldKid);
        await stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = submitted.CaseId }, Bearer(Forge(agent.Token, demotedKey)));
        // Let identity's time pass beyond every token the key signed (lifetime 15 min + skew +
        // refresh interval), then rotate twice: the first rotation retires the key, the second
        // makes a key sign that no service has cached yet.
        stack.IdentityClock.Offset = TimeSpan.FromMinutes(20);
        try
        {
            // Identity judges token lifetimes by its own clock: the admin signs in again in its time.
            admin = await stack.AdminTokenAsync();
            await stack.Tokens.RotateSigningKeysAsync(new RotateSigningKeysRequest(), Bearer(admin));
            await stack.Tokens.RotateSigningKeysAsync(new RotateSigningKeysRequest(), Bearer(admin));
        }
        finally
        {
            stack.IdentityClock.Offset = TimeSpan.Zero;
        }
        Assert.DoesNotContain(oldKid, await PublishedKeyIdsAsync(stack));
        Assert.Equal(1, await Sql.CountAsync(stack.DatabaseFile("identitydb"),
            "SELECT COUNT(*) FROM signing_keys WHERE key_status = 'RETIRED' AND key_id = @p", oldKid));
        // A token of the new key makes cases fetch the JWKS again, now without the retired key.
        var fresh = (await stack.Tokens.IssueTokenAsync(new IssueTokenRequest
        {
            GrantType = GrantType.Password, Username = agent.Person.Email, Password = Password,
        })).AccessToken;
        await stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = submitted.CaseId }, Bearer(fresh));

        var forged = Forge(agent.Token, demotedKey);
        var atCases = await Assert.ThrowsAsync<RpcException>(() =>
            stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = submitted.CaseId }, Bearer(forged)).ResponseAsync);
        var atIdentity = await Assert.ThrowsAsync<RpcException>(() =>
            stack.People.GetPersonAsync(new GetPersonRequest { PersonId = agent.Person.PersonId }, Bearer(forged)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, atCases.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, atIdentity.StatusCode);
    }

    private static async Task<List<string>> PublishedKeyIdsAsync(ServiceStack stack)
    {
        var response = await stack.Tokens.GetJwksAsync(new GetJwksRequest());
        using var document = JsonDocument.Parse(response.JwksJson);
        return document.RootElement.GetProperty("keys").EnumerateArray().Select(key => key.GetProperty("kid").GetString()!).ToList();
    }

    private static async Task<RsaSecurityKey> PrivateKeyAsync(ServiceStack stack, string kid)
    {
        await using var connection = new SqliteConnection($"Data Source={stack.DatabaseFile("identitydb")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT private_key FROM signing_keys WHERE key_id = @kid";
        command.Parameters.AddWithValue("@kid", kid);
        var rsa = RSA.Create();
        rsa.ImportFromPem((string)(await command.ExecuteScalarAsync())!);
        return new RsaSecurityKey(rsa) { KeyId = kid };
    }

    /// <summary>A token valid for ten minutes with the claims of <paramref name="model"/>, signed with <paramref name="key"/>.</summary>
    private static string Forge(string model, RsaSecurityKey key)
    {
        var claims = new JsonWebToken(model);
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = SupportClaims.Issuer,
            Audience = SupportClaims.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                [SupportClaims.Subject] = claims.Subject,
                [SupportClaims.Organization] = claims.GetClaim(SupportClaims.Organization).Value,
                [SupportClaims.Party] = claims.GetClaim(SupportClaims.Party).Value,
                [SupportClaims.Kind] = claims.GetClaim(SupportClaims.Kind).Value,
                [SupportClaims.Role] = claims.Claims.Where(claim => claim.Type == SupportClaims.Role).Select(claim => claim.Value).ToArray(),
            },
        });
    }
}
