using System.Diagnostics;
using System.Text.Json;
using Dapper;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.BuildingBlocks.Messaging;

/// <summary>
/// Writes integration events into the service's outbox table inside the caller's transaction, so
/// an event exists if and only if the state change that caused it committed. The
/// <see cref="OutboxRelay"/> publishes the rows afterwards.
/// </summary>
public sealed class Outbox(OutboxSignal signal, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string InsertSql = """
        INSERT INTO outbox_messages (message_id, message_type, payload, trace_parent, created_at)
        VALUES (@MessageId, @MessageType, @Payload, @TraceParent, @CreatedAt)
        """;

    /// <summary>Adds an event to the unit of work. Returns its message id.</summary>
    public async Task<Guid> EnqueueAsync<TEvent>(UnitOfWork work, TEvent @event) where TEvent : class
    {
        var messageId = Guid.NewGuid();
        await work.Connection.ExecuteAsync(InsertSql, new
        {
            MessageId = messageId,
            MessageType = @event.GetType().Name,
            Payload = JsonSerializer.Serialize(@event, Json),
            // The relay publishes under this parent, so a trace follows a case from the gRPC call
            // through the broker into every consumer.
            TraceParent = Activity.Current?.Id,
            CreatedAt = clock.GetUtcNow(),
        }, work.Transaction);
        return messageId;
    }

    /// <summary>Commits the unit of work and wakes the relay.</summary>
    public async Task CommitAsync(UnitOfWork work, CancellationToken cancellationToken = default)
    {
        await work.CommitAsync(cancellationToken);
        signal.Notify();
    }
}

/// <summary>Wakes the relay when a transaction with outbox rows commits.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim semaphore = new(0, 1);

    public void Notify()
    {
        try
        {
            if (semaphore.CurrentCount == 0)
            {
                semaphore.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up serves every commit before it.
        }
    }

    /// <summary>Waits for a signal or the timeout, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        semaphore.WaitAsync(timeout, cancellationToken);
}
