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
        var messageId = Guid.CreateVersion7(clock.GetUtcNow());
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
