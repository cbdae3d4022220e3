namespace SupportPlatform.Notification.Channels;

/// <summary>
/// Sends one text message. Implementations wrap an SMS gateway; the default writes to a log sink
/// (<see cref="LogSmsProvider"/>). A provider throws <see cref="SmsRefusedException"/> for a
/// permanent refusal (an invalid number) and any other exception for a failure worth retrying.
/// </summary>
public interface ISmsProvider
{
    /// <param name="messageId">The delivery's id, the same on every attempt: gateways that take an idempotency key get it.</param>
    Task SendAsync(string phone, string text, Guid messageId, CancellationToken cancellationToken);
}
