using Google.Protobuf.WellKnownTypes;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Cases.V1;

namespace SupportPlatform.Cases.Domain;

/// <summary>A row of <c>access_grants</c>.</summary>
public sealed class AccessGrantRecord
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid RequestedBy { get; set; }
    public string SystemName { get; set; } = "";
    public string Purpose { get; set; } = "";
    public long DurationSeconds { get; set; }
    public string State { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public Guid? DecidedBy { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public string? Reason { get; set; }

    /// <summary>The state as of <paramref name="now"/>: an approved grant past its end is EXPIRED.</summary>
    public AccessState StateAt(DateTimeOffset now) =>
        State == "APPROVED" && ExpiresAt <= now ? AccessState.Expired : ProtoEnums.Parse<AccessState>(State);

    public AccessGrant ToProto(DateTimeOffset now) => new()
    {
        GrantId = Id.ToString(),
        CaseId = CaseId.ToString(),
        RequestedBy = RequestedBy.ToString(),
        System = SystemName,
        Purpose = Purpose,
        Duration = Duration.FromTimeSpan(TimeSpan.FromSeconds(DurationSeconds)),
        State = StateAt(now),
        RequestedAt = Timestamp.FromDateTimeOffset(RequestedAt),
        DecidedAt = DecidedAt is { } decided ? Timestamp.FromDateTimeOffset(decided) : null,
        DecidedBy = DecidedBy?.ToString() ?? "",
        ExpiresAt = ExpiresAt is { } expires ? Timestamp.FromDateTimeOffset(expires) : null,
        Reason = Reason ?? "",
    };
}
