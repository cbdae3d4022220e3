using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using SupportPlatform.Tests.Shared;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// The HTTP/JSON face of the contracts, as an integrator without gRPC uses it: every RPC has an
/// HTTP rule and is in its service's OpenAPI document; calls carry the same token, meet the same
/// policy table and fail with the same status and google.rpc details, as an HTTP status and body.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class HttpJsonApiTests(StackFixture fixture)
{
    [Fact]
    public async Task EveryRpc_HasAnHttpRule_AndIsInItsServicesOpenApiDocument()
    {
        var missing = new List<string>();
        var count = 0;
        foreach (var files in Contract.Files.GroupBy(Contract.ServiceOf))
        {
            using var http = new HttpClient { BaseAddress = fixture.Stack.JsonAddresses[files.Key] };
            using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
            var paths = document.RootElement.GetProperty("paths");
            foreach (var method in files.SelectMany(file => file.Services).SelectMany(s => s.Methods))
            {
                count++;
                if (Contract.HttpRoute(method) is not { } route)
                {
                    missing.Add($"{method.FullName} has no google.api.http rule");
                    continue;
                }
                var (verb, path) = route;
                if (!paths.TryGetProperty(OpenApiPath(path), out var operations) || !operations.TryGetProperty(verb, out _))
                {
                    missing.Add($"{method.FullName}: {verb.ToUpperInvariant()} {path} is not in {files.Key}'s OpenAPI document");
                }
            }
        }
        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
        Assert.True(count > 100, $"only {count} RPCs were checked");
    }

    [Fact]
    public async Task TheOpenApiDocument_DescribesEachOperation_WithTheProtoComment_AndItsErrors()
    {
        using var http = new HttpClient { BaseAddress = fixture.Stack.JsonAddresses["cases"] };
        using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var submit = document.RootElement.GetProperty("paths").GetProperty("/v1/cases").GetProperty("post");
        var text = string.Join(' ', new[] { "summary", "description" }
            .Where(name => submit.TryGetProperty(name, out _)).Select(name => submit.GetProperty(name).GetString()));
        Assert.Contains("Submits a fully detailed case", text, StringComparison.Ordinal);
        Assert.Contains("REQUEST_ID_REUSED", text, StringComparison.Ordinal);
        Assert.Equal("bearer", document.RootElement.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Single().Name);
    }

    [Fact]
    public async Task AnIntegratorSubmitsReadsAndIsRefused_OverHttpJson_WithTheGrpcRulesAndErrorDetails()
    {
        var stack = fixture.Stack;
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var stranger = await stack.CreatePersonAsync((await stack.CreateCustomerAsync()).OrganizationId, Role.L1Agent);
        using var http = new HttpClient { BaseAddress = stack.JsonAddresses["cases"] };

        // A token from the identity service over HTTP/JSON too (the password grant).
        using var identity = new HttpClient { BaseAddress = stack.JsonAddresses["identity"] };
        var tokenResponse = await identity.PostAsync("/v1/token", Json($$"""
            {"grantType": "GRANT_TYPE_PASSWORD", "username": "{{agent.Person.Email}}", "password": "{{SupportClients.Password}}"}
            """));
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString()!;

        // Submitted as JSON (the proto's JSON mapping: lowerCamelCase names, enum names), read back.
        var request = SupportClients.ValidCase(Priority.P2);
        var submitted = await SendAsync(http, HttpMethod.Post, "/v1/cases", token, JsonFormatter.Default.Format(request));
        Assert.Equal(HttpStatusCode.OK, submitted.Status);
        var caseId = submitted.Body.GetProperty("case").GetProperty("caseId").GetString()!;
        Assert.Equal("CASE_STATUS_SUBMITTED", submitted.Body.GetProperty("case").GetProperty("status").GetString());
        var read = await SendAsync(http, HttpMethod.Get, $"/v1/cases/{caseId}", token);
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(request.Details.Title, read.Body.GetProperty("case").GetProperty("details").GetProperty("title").GetString());
        // The same request id again: the same case, replayed (idempotent over HTTP as over gRPC).
        var again = await SendAsync(http, HttpMethod.Post, "/v1/cases", token, JsonFormatter.Default.Format(request));
        Assert.Equal(caseId, again.Body.GetProperty("case").GetProperty("caseId").GetString());
        Assert.True(again.Body.GetProperty("replayed").GetBoolean());

        // Two fields missing: 400, the google.rpc.Status body with both field violations.
        var incomplete = SupportClients.ValidCase(Priority.P2);
        incomplete.Details.Title = "";
        incomplete.Details.BusinessImpact = "";
        var refused = await SendAsync(http, HttpMethod.Post, "/v1/cases", token, JsonFormatter.Default.Format(incomplete));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(3, refused.Body.GetProperty("code").GetInt32());
        var badRequest = Detail(refused.Body, "google.rpc.BadRequest");
        var fields = badRequest.GetProperty("fieldViolations").EnumerateArray().Select(v => v.GetProperty("field").GetString()).ToList();
        Assert.Contains("details.title", fields);
        Assert.Contains("details.business_impact", fields);

        // No token: 401. The policy table: an L1 agent may not acknowledge (403, with its reason).
        var anonymous = await SendAsync(http, HttpMethod.Get, $"/v1/cases/{caseId}", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        var acknowledge = await SendAsync(http, HttpMethod.Post, $"/v1/cases/{caseId}:acknowledge", token, """{"version": "1"}""");
        Assert.Equal(HttpStatusCode.Forbidden, acknowledge.Status);
        Assert.False(string.IsNullOrEmpty(Detail(acknowledge.Body, "google.rpc.ErrorInfo").GetProperty("reason").GetString()));

        // Another organisation's agent: not found, as over gRPC.
        var foreign = await SendAsync(http, HttpMethod.Get, $"/v1/cases/{caseId}", stranger.Token);
        Assert.Equal(HttpStatusCode.NotFound, foreign.Status);
        Assert.Equal(5, foreign.Body.GetProperty("code").GetInt32());

        // Body that is no JSON: 400, and nothing was created.
        var garbage = await SendAsync(http, HttpMethod.Post, "/v1/cases", token, "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, garbage.Status);
    }

    /// <summary>The document names path variables by their JSON names: {case_id} is {caseId}.</summary>
    private static string OpenApiPath(string template) =>
        System.Text.RegularExpressions.Regex.Replace(template, @"\{([^}]+)\}", variable => "{" + string.Join('.',
            variable.Groups[1].Value.Split('.').Select(part => System.Text.RegularExpressions.Regex.Replace(part, "_([a-z])", letter => letter.Groups[1].Value.ToUpperInvariant()))) + "}");

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient http, HttpMethod method, string path, string? token, string? body = null)
    {
        using var message = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (body is not null)
        {
            message.Content = Json(body);
        }
        using var response = await http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static JsonElement Detail(JsonElement status, string type) =>
        status.GetProperty("details").EnumerateArray().Single(detail => detail.GetProperty("@type").GetString() == "type.googleapis.com/" + type);
}
