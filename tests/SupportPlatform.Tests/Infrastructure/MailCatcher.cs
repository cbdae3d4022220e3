using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SupportPlatform.Tests.Infrastructure;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer library) on a free loopback port: it
/// keeps every message it accepts, parsed with MimeKit, so tests read back what a mail client
/// would. It can refuse an address for good (550 at RCPT TO), fail the next messages to one for
/// a while (a temporary 451 after DATA), as real servers do, or hold one without answering.
/// </summary>
public sealed class MailCatcher : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> messages = new();
    private readonly ConcurrentDictionary<string, int> failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> refused = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task running;

    private MailCatcher(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stopping.Token);
    }

    public int Port { get; }

    /// <summary>Every message accepted so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Messages => [.. messages];

    public static MailCatcher Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new MailCatcher(port);
    }

    /// <summary>The messages to an address.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        [.. messages.Where(message => message.To.Mailboxes.Any(mailbox => string.Equals(mailbox.Address, address, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>Refuses every message to the address for good, as a server does for a mailbox that does not exist.</summary>
    public void Refuse(string address) => refused[address] = true;

    /// <summary>Fails the next <paramref name="count"/> messages to the address with a temporary error.</summary>
    public void FailNext(string address, int count) => failures[address] = count;

    /// <summary>
    /// Keeps the next message to the address but holds back the answer to its DATA until the
    /// sender gives up; the returned task completes when one is being held.
    /// </summary>
    public Task HoldNextAsync(string address)
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        holds[address] = held;
        return held.Task;
    }

    private readonly ConcurrentDictionary<string, TaskCompletionSource> holds = new(StringComparer.OrdinalIgnoreCase);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        stopping.Dispose();
    }

    private sealed class Filter(MailCatcher catcher) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!catcher.refused.ContainsKey(to.AsAddress()));
    }

    private sealed class Store(MailCatcher catcher) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            foreach (var to in message.To.Mailboxes)
            {
                if (catcher.holds.TryRemove(to.Address, out var hold))
                {
                    // The server keeps the message but its answer never reaches the sender, which
                    // dies or gives up waiting: the case where a sender cannot know it was delivered.
                    catcher.messages.Enqueue(message);
                    hold.SetResult();
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    return new SmtpResponse(SmtpReplyCode.Error, "Held");
                }
                if (catcher.failures.TryGetValue(to.Address, out var left) && left > 0)
                {
                    catcher.failures[to.Address] = left - 1;
                    return new SmtpResponse(SmtpReplyCode.Error, "Mailbox busy, try again later");
                }
            }
            catcher.messages.Enqueue(message);
            return SmtpResponse.Ok;
        }
    }
}
