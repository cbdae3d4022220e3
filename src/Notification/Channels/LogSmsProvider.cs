using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SupportPlatform.Notification.Channels;

/// <summary>
/// The default SMS provider, for development and tests: logs each message and appends it as one
/// JSON line (<c>{"id","to","text","at"}</c>) to <see cref="SmsOptions.SinkPath"/> when set. A
/// real gateway replaces it by registering another <see cref="ISmsProvider"/>.
/// </summary>
public sealed class LogSmsProvider(IOptions<SmsOptions> options, TimeProvider clock, ILogger<LogSmsProvider> logger) : ISmsProvider
{
    private static readonly SemaphoreSlim Writing = new(1, 1);

    public async Task SendAsync(string phone, string text, Guid messageId, CancellationToken cancellationToken)
    {
        logger.LogInformation("SMS {MessageId} to {Phone}: {Text}", messageId, phone, text);
        var path = options.Value.SinkPath;
        if (path.Length == 0)
        {
            return;
        }
        var line = JsonSerializer.Serialize(new { id = messageId, to = phone, text, at = clock.GetUtcNow() }) + "\n";
        await Writing.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.AppendAllTextAsync(path, line, cancellationToken);
        }
        finally
        {
            Writing.Release();
        }
    }
}
