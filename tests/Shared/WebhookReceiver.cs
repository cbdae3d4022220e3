using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace SupportPlatform.Tests.Shared;

/// <summary>
/// A real HTTP server in the test process (Kestrel on a free loopback port) that takes webhook
/// calls as an integrator's receiver would: it records each with its Standard Webhooks headers,
/// and answers what the test scripted per path (e.g. 503 with Retry-After, then 204), 204 after
/// that. Signatures are checked with the StandardWebhooks package, an implementation independent
/// of the platform's.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>One call as received.</summary>
    public sealed record Call(string Path, string Id, long Timestamp, string Signature, string Body)
    {
        public JsonElement Payload => JsonDocument.Parse(Body).RootElement;

        public string Type => Payload.GetProperty("type").GetString()!;

        /// <summary>Whether one of the call's signatures is the one the secret makes.</summary>
        public bool IsSignedWith(string secret)
        {
            var expected = new StandardWebhook(secret).Sign(Id, DateTimeOffset.FromUnixTimeSeconds(Timestamp), Body);
            return Signature.Split(' ').Contains(expected);
        }
    }

    private readonly WebApplication app;
    private readonly ConcurrentQueue<Call> calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string? RetryAfter)>> scripts = new();
    private readonly ConcurrentDictionary<string, int> always = new();

    private WebhookReceiver(WebApplication app) => this.app = app;

    /// <summary>The base address, e.g. http://127.0.0.1:41234.</summary>
    public string BaseAddress { get; private set; } = "";

    public IReadOnlyList<Call> Calls => [.. calls];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Explicitly HTTP/1.1 (and 2): the services' appsettings.json beside the tests make Kestrel
        // HTTP/2-only, which an integrator's receiver is not.
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1AndHttp2));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Path.Value!;
            receiver.calls.Enqueue(new Call(path, context.Request.Headers["webhook-id"].ToString(),
                long.Parse(context.Request.Headers["webhook-timestamp"].ToString(), System.Globalization.CultureInfo.InvariantCulture),
                context.Request.Headers["webhook-signature"].ToString(), body));
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            if (receiver.always.TryGetValue(path, out var status))
            {
                context.Response.StatusCode = status;
            }
            else if (receiver.scripts.TryGetValue(path, out var script) && script.TryDequeue(out var answer))
            {
                context.Response.StatusCode = answer.Status;
                if (answer.RetryAfter is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = retryAfter;
                }
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.BaseAddress = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        return receiver;
    }

    /// <summary>The next answers at a path, in order; 204 once they are used up.</summary>
    public void Script(string path, params (int Status, string? RetryAfter)[] answers) => scripts[path] = new(answers);

    /// <summary>Always answers this status at a path (e.g. 410 Gone).</summary>
    public void Always(string path, HttpStatusCode status) => always[path] = (int)status;

    public string Url(string path) => BaseAddress + path;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
