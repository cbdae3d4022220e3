using System.Net.Sockets;

namespace SupportPlatform.Tests.Shared;

/// <summary>Whether an AMQP broker answers at an address. Shared by the end-to-end tests and the benchmark.</summary>
public static class AmqpProbe
{
    /// <summary>
    /// True when an AMQP broker answers at the address: it replies to the protocol header with a
    /// Connection.Start frame. A proxy with nothing behind it accepts and then closes the connection.
    /// </summary>
    public static async Task<bool> AnswersAsync(Uri amqp)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(amqp.Host, amqp.Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), timeout.Token);
            var frame = new byte[1];
            // Frame type 1 (method): Connection.Start.
            return await stream.ReadAsync(frame, timeout.Token) == 1 && frame[0] == 1;
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
