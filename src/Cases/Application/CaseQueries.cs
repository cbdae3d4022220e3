using Dapper;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Cases.Data;
using SupportPlatform.Cases.V1;
using SupportPlatform.Cases.Domain;

namespace SupportPlatform.Cases.Application;

/// <summary>Listing and watching cases.</summary>
public sealed class CaseQueries(Database database)
{
    public async Task<(IReadOnlyList<CaseRecord> Cases, string NextPageToken)> ListAsync(Caller caller, ListCasesRequest request, CancellationToken cancellationToken)
    {
        var violations = new Violations();
        var (size, after) = PageToken.ReadKeyed(request.PageSize, request.PageToken, violations);
        var organizationFilter = violations.OptionalId(request.OrganizationId, "organization_id");
        var assignee = violations.OptionalId(request.AssigneeId, "assignee_id");
        var submitter = violations.OptionalId(request.SubmitterId, "submitter_id");
        violations
            .Require(request.Statuses.All(ProtoEnums.IsSet), "statuses", "must be known statuses")
            .Require(request.Priorities.All(ProtoEnums.IsSet), "priorities", "must be known priorities")
            .Require(request.CaseTypes.All(ProtoEnums.IsSet), "case_types", "must be known case types")
            .Require(request.Tiers.All(ProtoEnums.IsSet), "tiers", "must be known support tiers")
            .Require(request.Query.Length <= 200, "query", "must be at most 200 characters")
            .Require(!(request.Unassigned && assignee is not null), "unassigned", "cannot be combined with assignee_id");
        DateTimeOffset? afterCreatedAt = null;
        Guid? afterId = null;
        if (after.Length > 0)
        {
            var parts = after.Split('|');
            if (parts.Length == 2 && DateTimeOffset.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.RoundtripKind, out var createdAt) && Guid.TryParse(parts[1], out var id))
            {
                (afterCreatedAt, afterId) = (createdAt, id);
            }
            else
            {
                violations.Add("page_token", "is not a token this service issued");
            }
        }
        violations.ThrowIfAny();

        var organization = OrganizationScope.For(caller, organizationFilter, request.OrganizationId);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<CaseRecord>(database.Dialect.Limit(CaseSql.ListCasesSql), new
        {
            OrganizationId = organization,
            AssigneeId = assignee,
            UpdatedSince = request.UpdatedSince?.ToDateTimeOffset(),
            AnyStatus = request.Statuses.Count == 0 ? 1 : 0,
            Statuses = request.Statuses.Select(ProtoEnums.Name).ToList(),
            AnyPriority = request.Priorities.Count == 0 ? 1 : 0,
            Priorities = request.Priorities.Select(ProtoEnums.Name).ToList(),
            AnyType = request.CaseTypes.Count == 0 ? 1 : 0,
            Types = request.CaseTypes.Select(ProtoEnums.Name).ToList(),
            AnyTier = request.Tiers.Count == 0 ? 1 : 0,
            Tiers = request.Tiers.Select(ProtoEnums.Name).ToList(),
            SubmitterId = submitter,
            Unassigned = request.Unassigned ? 1 : 0,
            TitlePattern = TitlePattern(request.Query),
            AfterCreatedAt = afterCreatedAt,
            AfterId = afterId,
            Limit = size + 1,
        })).ToList();
        var next = rows.Count > size ? PageToken.WriteKeyed($"{rows[size - 1].CreatedAt:O}|{rows[size - 1].Id}") : "";
        return (rows.Take(size).ToList(), next);
    }

    /// <summary>A LIKE pattern for titles containing <paramref name="query"/> (lower-cased, wildcards escaped); null for none.</summary>
    private static string? TitlePattern(string query) =>
        string.IsNullOrWhiteSpace(query)
            ? null
            : "%" + query.Trim().ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";

    /// <summary>
    /// The changes after <paramref name="after"/> that the caller may see, oldest first, one entry
    /// per change. A change whose rows a full page may have cut is left to the next call (which
    /// starts after the last entry returned).
    /// </summary>
    public async Task<IReadOnlyList<(HistoryEntry Change, CaseRecord Case)>> ChangesAsync(Caller caller, Guid? organizationId, long after, CancellationToken cancellationToken)
    {
        const int limit = 200;
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<HistoryRow>(database.Dialect.Limit(CaseSql.ListChangesSql), new
        {
            After = after,
            OrganizationId = organizationId,
            IncludeInternal = caller.IsVendor ? 1 : 0,
            Limit = limit,
        })).ToList();
        var changes = HistoryRow.Entries(rows);
        if (rows.Count == limit && changes.Count > 1)
        {
            changes = [.. changes.SkipLast(1)];
        }
        var result = new List<(HistoryEntry, CaseRecord)>();
        foreach (var change in changes)
        {
            var record = await connection.QuerySingleAsync<CaseRecord>(CaseSql.SelectByIdSql, new { Id = Guid.Parse(change.CaseId) });
            result.Add((change, record));
        }
        return result;
    }

    public async Task<long> LatestPositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(CaseSql.MaxSeqSql);
    }
}
