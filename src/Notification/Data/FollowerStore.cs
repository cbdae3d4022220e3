using Dapper;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Data;

/// <summary>
/// The people who follow a case or an RCA beyond what the matrix says: the case's participants
/// (submitter, assignee, commenters) and the subscribers of the case, the RCA, or the
/// organisation's P1s. Read inside a consumer's transaction.
/// </summary>
public static class FollowerStore
{
    public const string InsertParticipantSql = """
        INSERT INTO case_participants (case_id, person_id, party, since)
        SELECT @CaseId, @PersonId, @Party, @Since
        WHERE NOT EXISTS (SELECT 1 FROM case_participants WHERE case_id = @CaseId AND person_id = @PersonId)
        """;

    /// <summary>The case's commenters and subscribers, and the subscribers of its organisation's P1s when @IsP1 = 1.</summary>
    public const string CaseFollowersSql = """
        SELECT person_id AS PersonId, party AS Party FROM case_participants WHERE case_id = @CaseId
        UNION
        SELECT person_id, party FROM subscriptions WHERE target_kind = 'CASE' AND target_id = @CaseId
        UNION
        SELECT person_id, party FROM subscriptions WHERE @IsP1 = 1 AND target_kind = 'ORGANIZATION_P1S' AND target_id = @OrganizationId
        """;

    /// <summary>The RCA's subscribers and the subscribers of its organisation's P1s (every RCA is a P1's).</summary>
    public const string RcaFollowersSql = """
        SELECT person_id AS PersonId, party AS Party FROM subscriptions WHERE target_kind = 'RCA' AND target_id = @RcaId
        UNION
        SELECT person_id, party FROM subscriptions WHERE target_kind = 'ORGANIZATION_P1S' AND target_id = @OrganizationId
        """;

    public const string InsertRcaSql = """
        INSERT INTO known_rcas (rca_id, organization_id, owner, owner_at)
        SELECT @RcaId, @OrganizationId, @Owner, @At WHERE NOT EXISTS (SELECT 1 FROM known_rcas WHERE rca_id = @RcaId)
        """;

    /// <summary>An event newer than the one that set the owner sets it.</summary>
    public const string UpdateRcaOwnerSql = "UPDATE known_rcas SET owner = @Owner, owner_at = @At WHERE rca_id = @RcaId AND owner_at < @At";

    public const string RcaOwnerSql = "SELECT owner FROM known_rcas WHERE rca_id = @RcaId";

    /// <summary>Records that a person took part in a case (commented on it).</summary>
    public static Task AddParticipantAsync(UnitOfWork work, Guid caseId, Guid personId, string party, DateTimeOffset since) =>
        work.Connection.ExecuteAsync(InsertParticipantSql, new { CaseId = caseId, PersonId = personId, Party = party, Since = since }, work.Transaction);

    /// <summary>The case's followers: its submitter and assignee, commenters, and subscribers.</summary>
    public static async Task<IReadOnlyList<Audience.Follower>> OfCaseAsync(UnitOfWork work, KnownCase known)
    {
        var rows = await work.Connection.QueryAsync<Row>(CaseFollowersSql,
            new { known.CaseId, known.OrganizationId, IsP1 = known.Priority == "P1" ? 1 : 0 }, work.Transaction);
        IEnumerable<Audience.Follower> people = [new(known.SubmitterId, NotificationRules.Customer)];
        if (known.AssigneeId is { } assignee)
        {
            people = people.Append(new Audience.Follower(assignee, NotificationRules.Vendor));
        }
        return [.. people.Concat(rows.Select(row => new Audience.Follower(row.PersonId, row.Party))).DistinctBy(follower => follower.PersonId)];
    }

    /// <summary>
    /// The RCA's followers: its subscribers and those of its organisation's P1s. Records the RCA's
    /// organisation, and its owning party when the event names it (<paramref name="owner"/> not null).
    /// </summary>
    public static async Task<IReadOnlyList<Audience.Follower>> OfRcaAsync(UnitOfWork work, Guid rcaId, Guid organizationId, string? owner, DateTimeOffset at)
    {
        if (owner is not null)
        {
            var row = new { RcaId = rcaId, OrganizationId = organizationId, Owner = owner, At = at };
            await work.Connection.ExecuteAsync(UpdateRcaOwnerSql, row, work.Transaction);
            await work.Connection.ExecuteAsync(InsertRcaSql, row, work.Transaction);
        }
        var rows = await work.Connection.QueryAsync<Row>(RcaFollowersSql, new { RcaId = rcaId, OrganizationId = organizationId }, work.Transaction);
        return [.. rows.Select(row => new Audience.Follower(row.PersonId, row.Party)).DistinctBy(follower => follower.PersonId)];
    }

    /// <summary>The RCA's owning party as its newest event named it, or null when none of its events has arrived.</summary>
    public static async Task<string?> RcaOwnerAsync(Database database, Guid rcaId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(RcaOwnerSql, new { RcaId = rcaId });
    }

    private sealed class Row
    {
        public Guid PersonId { get; set; }
        public string Party { get; set; } = "";
    }
}
