using Dapper;
using Microsoft.Data.Sqlite;

namespace SupportPlatform.Tests.Infrastructure;

/// <summary>How SQLite's query planner will run a statement: the details of its <c>EXPLAIN QUERY PLAN</c>.</summary>
public static class QueryPlans
{
    /// <summary>Each step's detail, e.g. <c>SEARCH n USING INDEX … (seq&gt;?)</c> or <c>SCAN outbox_messages</c>.</summary>
    public static async Task<List<string>> OfAsync(SqliteConnection connection, string statement, object parameters) =>
        (await connection.QueryAsync<PlanStep>("EXPLAIN QUERY PLAN " + statement, parameters)).Select(step => step.Detail).ToList();

    private sealed class PlanStep
    {
        public long Id { get; set; }
        public long Parent { get; set; }
        public long NotUsed { get; set; }
        public string Detail { get; set; } = "";
    }
}
