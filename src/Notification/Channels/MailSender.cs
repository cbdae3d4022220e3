using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace SupportPlatform.Notification.Channels;

/// <summary>
/// Sends e-mails over SMTP with MailKit. One connection serves a worker's pass (<see cref="Session"/>)
/// and is opened again after a failure.
/// </summary>
public sealed class MailSender(IOptions<EmailOptions> options)
{
    /// <summary>A pass's SMTP connection, opened on the first message.</summary>
    public sealed class Session(EmailOptions options) : IAsyncDisposable
    {
        private SmtpClient? client;

        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            try
            {
                if (client is not { IsConnected: true })
                {
                    client?.Dispose();
                    client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
                    await client.ConnectAsync(options.Host, options.Port, Enum.Parse<SecureSocketOptions>(options.Security, ignoreCase: true), cancellationToken);
                    if (options.UserName.Length > 0)
                    {
                        await client.AuthenticateAsync(options.UserName, options.Password, cancellationToken);
                    }
                }
                await client.SendAsync(message, cancellationToken);
            }
            catch
            {
                // The conversation's state is unknown: the next message starts a new one.
                client?.Dispose();
                client = null;
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client is { IsConnected: true })
                {
                    await client.DisconnectAsync(quit: true);
                }
            }
            catch (Exception exception) when (exception is IOException or SmtpProtocolException or SmtpCommandException or OperationCanceledException)
            {
                // Leaving anyway.
            }
            finally
            {
                client?.Dispose();
            }
        }
    }

    public Session Open() => new(options.Value);

    /// <summary>
    /// Whether a failure is the server's permanent refusal of the recipient (a 5xx reply to RCPT
    /// TO): trying again would not help. Other 5xx replies (authentication, a refused sender,
    /// relaying) are this platform's configuration and are retried until it is fixed.
    /// </summary>
    public static bool IsPermanent(Exception exception) =>
        exception is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } command && (int)command.StatusCode >= 500;
}
