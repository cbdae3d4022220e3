using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Channels;

/// <summary>
/// POSTs a delivery to a webhook endpoint, signed per Standard Webhooks, over an HTTP client of
/// its own — not the factory's, whose defaults add service discovery, which resolves names of the
/// platform's own services — that connects only to public addresses (unless
/// <see cref="WebhookOptions.AllowPrivateAddresses"/>) and follows no redirects.
/// </summary>
public sealed class WebhookSender(IOptions<WebhookOptions> options, TimeProvider clock) : IDisposable
{
    private readonly HttpClient client = new(Handler(options.Value)) { Timeout = options.Value.Timeout };

    public void Dispose() => client.Dispose();

    /// <summary>The endpoint's answer: its status code and, when it asked for one, its Retry-After.</summary>
    public sealed record Answer(HttpStatusCode Status, TimeSpan? RetryAfter);

    public async Task<Answer> SendAsync(WebhookEndpointRow endpoint, DeliveryRow delivery, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var body = JsonSerializer.Serialize(new
        {
            type = delivery.EventType,
            timestamp = now,
            data = new
            {
                event_id = delivery.EventId, notification_id = delivery.NotificationId, organization_id = endpoint.OrganizationId,
                case_id = delivery.CaseId, rca_id = delivery.RcaId, subject = delivery.Subject, body = delivery.Body, urgency = delivery.Urgency,
            },
        });
        var id = delivery.Id.ToString();
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(endpoint.SigningSecrets(now), id, timestamp, body));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var retryAfter = response.Headers.RetryAfter is { } asked
            ? asked.Delta ?? (asked.Date is { } date ? date - now : null)
            : null;
        return new Answer(response.StatusCode, retryAfter);
    }

    /// <summary>The handler of the webhook client: no redirects, and a connection only to allowed addresses.</summary>
    private static SocketsHttpHandler Handler(WebhookOptions options) => new()
    {
        AllowAutoRedirect = false,
        // A proxy would make the guard below check the proxy's address instead of the endpoint's.
        UseProxy = false,
        // New connections now and then, so a changed DNS answer is checked again.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        UseCookies = false,
        ConnectTimeout = options.Timeout,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var allowed = options.AllowPrivateAddresses ? addresses : [.. addresses.Where(NetworkAddresses.IsPublic)];
            if (allowed.Length == 0)
            {
                throw new HttpRequestException($"The endpoint's host {context.DnsEndPoint.Host} resolves to no public address.");
            }
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
