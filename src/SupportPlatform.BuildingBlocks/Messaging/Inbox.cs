using Dapper;
using MassTransit;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.BuildingBlocks.Messaging;

/// <summary>
/// Runs a consumer's effect and records the message in the inbox in one transaction: a redelivered
/// or republished message (same message id) is acknowledged without applying it again. An
/// exception rolls everything back and goes to MassTransit's retry, then to the <c>_error</c>
/// queue. Events the handler raises go through the same transaction's outbox.
/// </summary>
public sealed class Inbox(Database database, Outbox outbox, TimeProvider clock)
{
    /// <summary>
    /// The waits between a consumer's attempts, in milliseconds, unless its definition says
    /// otherwise; retention keeps inbox rows well beyond their sum.
    /// </summary>
    public static readonly IReadOnlyList<int> DefaultRetryIntervals = [50, 200, 1000, 3000, 10000];

    /// <summary>
    /// Whether this is a message's last attempt under <see cref="DefaultRetryIntervals"/>: what a
    /// consumer waits for (an answer, an earlier event) it must now do without, or the message
    /// goes to <c>_error</c>.
    /// </summary>
    public static bool IsLastAttempt(ConsumeContext context) => context.GetRetryAttempt() >= DefaultRetryIntervals.Count;

    /// <summary>Applies <paramref name="handle"/> once per (message id, consumer). False for a repeat.</summary>
    public async Task<bool> HandleOnceAsync<TMessage>(ConsumeContext<TMessage> context, string consumer, Func<UnitOfWork, Task> handle)
        where TMessage : class
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id.");
        await using var work = await database.BeginAsync(context.CancellationToken);
        var recorded = await work.Connection.ExecuteAsync(database.Dialect.InsertInboxIfAbsent,
            new { MessageId = messageId, Consumer = consumer, ReceivedAt = clock.GetUtcNow() }, work.Transaction);
        if (recorded == 0)
        {
            return false;
        }
        await handle(work);
        await outbox.CommitAsync(work, context.CancellationToken);
        return true;
    }
}
