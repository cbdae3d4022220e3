using Microsoft.Data.Sqlite;

namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// The one writer of a process on a SQLite file, committing units of work in groups. SQLite has
/// one writer at a time, and with <c>synchronous = FULL</c> each commit waits for an fsync of the
/// WAL, which costs far more than a unit's statements. So the units of the writers that queue
/// here run one after another in one transaction, each inside a savepoint of its own: a unit that
/// fails rolls back to its savepoint and leaves the others alone; one that commits releases its
/// savepoint and waits for the group's single COMMIT (and fsync). A group ends when no writer is
/// waiting, or when the writers that were waiting as it began have had their turn; a lone writer
/// commits at once, as before.
/// <para>
/// What a unit reads in its turn includes what the group's earlier units wrote and have not
/// committed yet. Whatever it answers on that basis must wait for the group: a committed unit's
/// <see cref="UnitOfWork.CommitAsync"/> returns only once the COMMIT is durable, and a unit
/// disposed without committing waits for the COMMIT of the units before it in its group (and
/// throws if that failed), so that nothing is ever acknowledged on the strength of a write that
/// was then lost.
/// </para>
/// <para>
/// The units take their turns one after another, so each unit's savepoint has the same name, and
/// its SAVEPOINT, RELEASE and ROLLBACK TO run on commands kept with the connection: compiled once,
/// not once per unit. (SqliteTransaction's Save, Release and Rollback make and compile a new
/// command on every call: 3–4 % of each service's CPU at 500 cases/s.)
/// </para>
/// </summary>
internal sealed class SqliteWriteGroup(string connectionString)
{
    private static readonly TimeSpan TurnWait = TimeSpan.FromSeconds(30);

    /// <summary>The largest group: its writers hold SQLite's write lock against other processes.</summary>
    private const int MaxMembers = 256;

    private readonly SemaphoreSlim turn = new(1, 1);
    private readonly List<TaskCompletionSource> members = [];
    private int waiting;
    private bool flusherQueued;
    private readonly StatementCounts statements = new();
    private CachedStatementConnection? connection;
    private SavepointCommands? savepoint;
    private SqliteTransaction? transaction;
    private int groupUnits;
    private long unitsCommitted;
    private long groupsCommitted;

    /// <summary>Writers waiting for their turn.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>Units whose changes were committed.</summary>
    public long UnitsCommitted => Interlocked.Read(ref unitsCommitted);

    /// <summary>Statements compiled, and statements run again on a kept prepared statement.</summary>
    public (long Prepared, long Reused) Statements => (statements.Prepared, statements.Reused);

    /// <summary>How often the writer's kept statements were compiled again (<see cref="CachedStatementConnection.Recompilations"/>).</summary>
    public long Recompilations => connection?.Recompilations ?? 0;

    /// <summary>COMMITs that wrote them: each a group of one unit or more.</summary>
    public long GroupsCommitted => Interlocked.Read(ref groupsCommitted);

    public async Task<UnitOfWork> BeginAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref waiting);
        bool entered;
        try
        {
            entered = await turn.WaitAsync(TurnWait, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }
        if (!entered)
        {
            throw new TimeoutException($"No write transaction could be started within {TurnWait.TotalSeconds:0} s.");
        }
        try
        {
            if (transaction is null)
            {
                if (connection is null)
                {
                    connection = Open();
                    savepoint = new SavepointCommands(connection.Inner);
                }
                // BEGIN IMMEDIATE: the write lock is taken now, so no statement of the group
                // meets SQLITE_BUSY halfway.
                transaction = connection.Inner.BeginTransaction(deferred: false);
                connection.Transaction = transaction;
            }
            savepoint!.Begin(transaction);
            return new UnitOfWork(connection!, transaction, this);
        }
        catch (Exception exception)
        {
            FailGroup(exception);
            EndTurn();
            throw;
        }
    }

    /// <summary>Keeps the unit's changes and waits for its group's durable COMMIT. The caller holds the turn.</summary>
    internal async Task CommitAsync()
    {
        TaskCompletionSource member;
        try
        {
            savepoint!.Release(transaction!);
            member = Join();
            groupUnits++;
        }
        catch (Exception exception)
        {
            // The unit's changes are not kept: roll it back like a failed unit; the caller sees the error.
            await AbandonAsync();
            throw new InvalidOperationException("The unit of work could not be committed.", exception);
        }
        EndTurn();
        await member.Task;
    }

    /// <summary>
    /// Rolls back the unit's changes. If earlier units of the group wrote what this one may have
    /// read, waits for their COMMIT too (and throws if it failed). The caller holds the turn.
    /// </summary>
    internal async Task AbandonAsync()
    {
        TaskCompletionSource? watcher = null;
        try
        {
            savepoint!.RollBack(transaction!);
            if (members.Count > 0)
            {
                watcher = Join();
            }
        }
        catch (Exception exception)
        {
            // The transaction itself is gone (SQLite rolls back on I/O errors and a full disk):
            // every unit of the group fails with it.
            watcher = members.Count > 0 ? Join() : null;
            FailGroup(exception);
        }
        EndTurn();
        if (watcher is not null)
        {
            await watcher.Task;
        }
    }

    /// <summary>
    /// The writer's connection, kept open from group to group (so its statements stay prepared)
    /// until a group fails.
    /// </summary>
    private CachedStatementConnection Open()
    {
        var inner = new SqliteConnection(connectionString);
        try
        {
            inner.Open();
            using (var pragma = inner.CreateCommand())
            {
                // FULL: a commit returns once the WAL is fsynced, so an acknowledged write survives a
                // power cut, not only a killed process. Foreign keys are off by default in SQLite; the
                // busy timeout makes the writers of other processes (replicas on the same file) wait
                // in SQLite instead of failing. temp_store = MEMORY keeps the savepoints' sub-journal
                // in memory: each unit copies the original of every page it first changes there, and
                // a sub-journal on file (past 64 KiB) was a write system call per page and was never
                // truncated within a group — about a tenth of each service's CPU.
                pragma.CommandText = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; PRAGMA temp_store = MEMORY;";
                pragma.ExecuteNonQuery();
            }
            return CachedStatementConnection.Keep(inner, statements);
        }
        catch
        {
            inner.Dispose();
            throw;
        }
    }

    private TaskCompletionSource Join()
    {
        var member = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        members.Add(member);
        return member;
    }

    /// <summary>
    /// Ends the caller's turn: commits the group when nobody else is waiting (or it is full);
    /// otherwise passes the turn on and makes sure a commit follows the writers now waiting.
    /// </summary>
    private void EndTurn()
    {
        if (transaction is not null)
        {
            if (Volatile.Read(ref waiting) == 0 || members.Count >= MaxMembers)
            {
                Flush();
            }
            else if (!flusherQueued)
            {
                flusherQueued = true;
                _ = FlushAfterWaitingWritersAsync();
            }
        }
        turn.Release();
    }

    /// <summary>
    /// Queues behind the writers waiting now (the turn goes to waiters in order) and commits
    /// what they added, unless one of them already did. Nothing is left uncommitted even if a
    /// waiter gives up.
    /// </summary>
    private async Task FlushAfterWaitingWritersAsync()
    {
        await turn.WaitAsync();
        try
        {
            flusherQueued = false;
            if (transaction is not null)
            {
                Flush();
            }
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>COMMIT (with its fsync), then tells every member. The caller holds the turn.</summary>
    private void Flush()
    {
        Exception? failure = null;
        try
        {
            transaction!.Commit();
            if (groupUnits > 0)
            {
                Interlocked.Add(ref unitsCommitted, groupUnits);
                Interlocked.Increment(ref groupsCommitted);
            }
        }
        catch (Exception exception)
        {
            failure = exception;
        }
        Close(keepConnection: failure is null);
        Complete(failure);
    }

    private void FailGroup(Exception exception)
    {
        Close(keepConnection: false);
        Complete(exception);
    }

    private void Complete(Exception? failure)
    {
        foreach (var member in members)
        {
            if (failure is null)
            {
                member.TrySetResult();
            }
            else
            {
                member.TrySetException(new InvalidOperationException("The group commit this unit of work belonged to failed; none of its changes were kept.", failure));
            }
        }
        members.Clear();
        groupUnits = 0;
    }

    /// <summary>
    /// Ends the transaction (rolled back unless committed). After a failure the connection goes
    /// too, and the next group opens another.
    /// </summary>
    private void Close(bool keepConnection)
    {
        try
        {
            transaction?.Dispose();
        }
        catch (SqliteException)
        {
            // A transaction SQLite already rolled back.
        }
        transaction = null;
        if (connection is not null)
        {
            connection.Transaction = null;
        }
        if (!keepConnection)
        {
            savepoint?.Dispose();
            savepoint = null;
            connection?.Dispose();
            connection = null;
        }
    }
}
