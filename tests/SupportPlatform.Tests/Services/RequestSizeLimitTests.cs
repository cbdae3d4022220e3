using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// Each RPC's own request size limit (docs/request-limits.md), through the real services: a request
/// over it is RESOURCE_EXHAUSTED REQUEST_TOO_LARGE naming the limit, refused as soon as its frame
/// announces it; a string over its bound is INVALID_ARGUMENT naming the field, over gRPC and
/// HTTP/JSON alike; nothing is written and the service stays healthy.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class RequestSizeLimitTests(StackFixture fixture)
{
    private readonly ServiceStack stack = fixture.Stack;

    [Fact]
    public async Task ARequestOverItsRpcsLimit_IsRequestTooLarge_WithTheLimit_EvenWhenOtherRpcsTakeMore()
    {
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        // 2,000 characters: far less than SubmitCase takes, twice what GetCase's one identifier can need.
        var request = new GetCaseRequest { CaseId = new string('a', 2_000) };

        var refused = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.GetCaseAsync(request, Bearer(agent.Token)).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        var info = refused.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal((RequestSizeLimits.Reason, "supportplatform"), (info.Reason, info.Domain));
        Assert.Equal(("/support.cases.v1.CaseService/GetCase", "1024"), (info.Metadata["rpc"], info.Metadata["limit_bytes"]));
        Assert.Contains("1,024 bytes", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFrameAnnouncingMoreThanTheLimit_IsRefusedAtOnce_WithoutWaitingForTheRest()
    {
        using var http = new HttpClient { BaseAddress = stack.GrpcAddresses["cases"] };
        // The header announces 100 MB; only 16 bytes follow, and the client never sends the rest.
        var announced = 100_000_000u;
        byte[] frame = [0, (byte)(announced >> 24), (byte)(announced >> 16), (byte)(announced >> 8), (byte)announced, .. new byte[16]];
        var body = new StalledContent(frame);
        using var message = new HttpRequestMessage(HttpMethod.Post, "/support.cases.v1.CaseService/SubmitCase")
        {
            Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = body,
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        message.Headers.TryAddWithoutValidation("te", "trailers");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);

        Assert.Equal("8", Header(response, "grpc-status"));
        var status = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(Pad(Header(response, "grpc-status-details-bin"))));
        var info = status.Details.Single(detail => detail.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();
        Assert.Equal(RequestSizeLimits.Reason, info.Reason);
        Assert.Equal(RequestSizeLimits.For("/support.cases.v1.CaseService/SubmitCase").ToString(System.Globalization.CultureInfo.InvariantCulture), info.Metadata["limit_bytes"]);
        body.Release();

        using var channel = GrpcChannel.ForAddress(stack.GrpcAddresses["cases"]);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest())).Status);
    }

    [Fact]
    public async Task AStringOverItsBound_IsInvalidArgumentNamingTheField_OverGrpcAndHttpJson()
    {
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var request = ValidCase();
        request.Details.Description = new string('x', RequestLimits.DefaultMaxChars + 1);

        var refused = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.SubmitCaseAsync(request, Bearer(agent.Token)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        var violation = refused.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single();
        Assert.Equal(("details.description", "must have at most 20,000 characters (has 20,001)"), (violation.Field, violation.Description));
        Assert.Equal(0, await Sql.CountAsync(stack.DatabaseFile("casedb"), "SELECT COUNT(*) FROM cases WHERE request_id = @p", request.RequestId));

        using var http = new HttpClient { BaseAddress = stack.JsonAddresses["cases"] };
        using var get = new HttpRequestMessage(HttpMethod.Get, "/v1/cases/" + new string('a', RequestLimits.IdentifierMaxChars + 1));
        get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", agent.Token);
        using var answer = await http.SendAsync(get);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        var details = json.RootElement.GetProperty("details").EnumerateArray().Single();
        Assert.Equal("case_id", details.GetProperty("fieldViolations")[0].GetProperty("field").GetString());
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.TrailingHeaders.TryGetValues(name, out values)
            ? values.Single()
            : throw new Xunit.Sdk.XunitException($"no {name} header; status {response.StatusCode}");

    private static string Pad(string base64) => base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');

    /// <summary>A body that sends its first bytes and then waits, as a client still uploading does.</summary>
    private sealed class StalledContent(byte[] first) : HttpContent
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => released.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(first);
            await stream.FlushAsync();
            await released.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
