using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Cases.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using Xunit.Abstractions;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Reliability;

/// <summary>
/// Per-tenant rate limits, tried as a tenant who overdoes it would: past its organisation's
/// budget every call of any of its people is RESOURCE_EXHAUSTED RATE_LIMITED with a RetryInfo
/// (429 with Retry-After over HTTP/JSON), another tenant is served as before, the platform's own
/// services have a separate, higher limit, calls with forged tokens spend their address's budget
/// and nobody else's, and after the RetryInfo's delay the tenant is served again.
/// </summary>
public sealed class RateLimitTests(ITestOutputHelper output)
{
    /// <summary>A small bucket: 5 requests a second, 20 at once.</summary>
    private const int PerSecond = 5;
    private const int Burst = 20;

    [Fact]
    public async Task ATenantOverItsLimit_IsRefusedWithRetryInfo_WhileAnotherTenantAndTheServicesAreServed_AndForgedTokensSpendNoTenantsBudget()
    {
        // A stack of its own (its limits are low), hence a broker of its own: queues must not mix.
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await ServiceStack.StartAsync(broker, settings: new Dictionary<string, string?>
        {
            ["RateLimiting:Tenant:PermitsPerSecond"] = $"{PerSecond}",
            ["RateLimiting:Tenant:Burst"] = $"{Burst}",
            ["RateLimiting:Anonymous:PermitsPerSecond"] = $"{PerSecond}",
            ["RateLimiting:Anonymous:Burst"] = "40",
            ["RateLimiting:InternalService:PermitsPerSecond"] = "1000",
            ["RateLimiting:InternalService:Burst"] = "2000",
        });
        var a = await stack.CreateCustomerAsync();
        var b = await stack.CreateCustomerAsync();
        var a1 = await stack.CreatePersonAsync(a.OrganizationId, Role.L1Agent);
        var a2 = await stack.CreatePersonAsync(a.OrganizationId, Role.L1Agent);
        var b1 = await stack.CreatePersonAsync(b.OrganizationId, Role.L1Agent);

        // Tenant A's first agent lists cases as fast as it can: served up to its bucket, then refused.
        var outcomes = new List<StatusCode>();
        RpcException? refusal = null;
        for (var call = 0; call < 3 * Burst; call++)
        {
            try
            {
                await stack.Cases.ListCasesAsync(new ListCasesRequest(), Bearer(a1.Token));
                outcomes.Add(StatusCode.OK);
            }
            catch (RpcException exception)
            {
                outcomes.Add(exception.StatusCode);
                refusal ??= exception;
            }
        }
        var served = outcomes.Count(code => code == StatusCode.OK);
        output.WriteLine($"{outcomes.Count} calls as tenant A: {served} served, {outcomes.Count - served} refused");
        Assert.All(outcomes.Where(code => code != StatusCode.OK), code => Assert.Equal(StatusCode.ResourceExhausted, code));
        Assert.InRange(served, Burst, Burst + 5);
        var status = refusal!.GetRpcStatus()!;
        var info = status.GetDetail<ErrorInfo>();
        Assert.Equal(("RATE_LIMITED", "supportplatform", "organization", "5", "20"),
            (info.Reason, info.Domain, info.Metadata["scope"], info.Metadata["permits_per_second"], info.Metadata["burst"]));
        var retryAfter = status.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan();
        Assert.InRange(retryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
        Assert.Contains("Your organisation has made more requests than its limit of 5 requests per second (bursts of 20)", status.Message, StringComparison.Ordinal);

        // The budget is the organisation's: its other agent is refused too, on another service as well
        // (each service counts for itself, so there A still has its whole bucket). A permit comes back
        // every 200 ms, so one may have been refilled since the last refusal: the second call is refused.
        RpcException? other = null;
        for (var call = 0; call < 3 && other is null; call++)
        {
            try
            {
                await stack.Cases.ListCasesAsync(new ListCasesRequest(), Bearer(a2.Token));
            }
            catch (RpcException exception)
            {
                other = exception;
            }
        }
        Assert.NotNull(other);
        Assert.Equal(StatusCode.ResourceExhausted, other.StatusCode);
        Assert.Equal("organization", other.GetRpcStatus()!.GetDetail<ErrorInfo>().Metadata["scope"]);
        await stack.Notifications.ListNotificationsAsync(new Notification.V1.ListNotificationsRequest(), Bearer(a2.Token));

        // Over HTTP/JSON: 429 with Retry-After and the same google.rpc.Status body (a permit may
        // have been refilled meanwhile, one each 200 ms: the first calls may still be served).
        using var http = new HttpClient { BaseAddress = stack.JsonAddresses["cases"] };
        HttpResponseMessage json;
        var jsonCalls = 0;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/cases");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", a1.Token);
            json = await http.SendAsync(request);
        }
        while (json.StatusCode == HttpStatusCode.OK && ++jsonCalls < 5);
        Assert.Equal(HttpStatusCode.TooManyRequests, json.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), json.Headers.RetryAfter?.Delta);
        var body = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(8, body.GetProperty("code").GetInt32());
        Assert.Contains(body.GetProperty("details").EnumerateArray(), detail => detail.TryGetProperty("reason", out var reason) && reason.GetString() == "RATE_LIMITED");
        Assert.Contains(body.GetProperty("details").EnumerateArray(), detail => detail.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.RetryInfo");

        // Tenant B is served as if nothing happened; so is a case it submits, which makes cases call
        // identity with its own service account (a separate limit).
        await stack.Cases.ListCasesAsync(new ListCasesRequest(), Bearer(b1.Token));
        var submitted = await stack.Cases.SubmitCaseAsync(ValidCase(Common.V1.Priority.P2), Bearer(b1.Token));
        Assert.False(string.IsNullOrEmpty(submitted.Case.CaseId));

        // An internal service far over a tenant's limit is served: 3 × the tenant burst at once.
        var service = (await stack.Tokens.IssueTokenAsync(new IssueTokenRequest
        {
            GrantType = GrantType.ClientCredentials,
            ClientId = "svc-cases",
            ClientSecret = InternalServiceAccounts.DeriveSecret(ServiceStack.InternalServicesSecret, "cases"),
        })).AccessToken;
        await Task.WhenAll(Enumerable.Range(0, 3 * Burst).Select(_ =>
            stack.People.GetPersonAsync(new GetPersonRequest { PersonId = b1.Person.PersonId }, Bearer(service)).ResponseAsync));

        // After the RetryInfo's delay (a real rate, so a real wait) tenant A is served again.
        await Task.Delay(retryAfter + TimeSpan.FromMilliseconds(50));
        await stack.Cases.ListCasesAsync(new ListCasesRequest(), Bearer(a1.Token));

        // Forged tokens (B's organisation claimed, signed by nobody) count against their address, not B.
        var forged = ForgedToken(b.OrganizationId);
        // At once: a token no key signed waits for the validator's look for a new key (at most one a second).
        var forgedOutcomes = await Task.WhenAll(Enumerable.Range(0, 80).Select(async _ =>
            (await Assert.ThrowsAsync<RpcException>(() => stack.Cases.ListCasesAsync(new ListCasesRequest(), Bearer(forged)).ResponseAsync))));
        var addressRefusal = forgedOutcomes.FirstOrDefault(exception => exception.StatusCode == StatusCode.ResourceExhausted);
        output.WriteLine($"80 calls with a forged token: {forgedOutcomes.Count(e => e.StatusCode == StatusCode.Unauthenticated)} UNAUTHENTICATED, " +
            $"{forgedOutcomes.Count(e => e.StatusCode == StatusCode.ResourceExhausted)} RESOURCE_EXHAUSTED");
        Assert.All(forgedOutcomes, e => Assert.True(e.StatusCode is StatusCode.Unauthenticated or StatusCode.ResourceExhausted, $"{e.StatusCode}"));
        Assert.NotNull(addressRefusal);
        Assert.Equal("address", addressRefusal.GetRpcStatus()!.GetDetail<ErrorInfo>().Metadata["scope"]);
        await stack.Cases.ListCasesAsync(new ListCasesRequest(), Bearer(b1.Token));
    }

    /// <summary>A well-formed token claiming <paramref name="organizationId"/>, with a signature no key made.</summary>
    private static string ForgedToken(string organizationId)
    {
        static string Part(string json) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{Part("""{"alg":"RS256","typ":"JWT"}""")}.{Part($$"""{"sub":"{{Guid.NewGuid()}}","org":"{{organizationId}}","party":"CUSTOMER","exp":4102444800}""")}.c2lnbmVkIGJ5IG5vYm9keQ";
    }
}
