using Google.Protobuf.WellKnownTypes;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Identity.Domain;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Identity.Grpc;

internal static class Mapping
{
    public static Organization ToProto(this OrganizationRecord record) => new()
    {
        OrganizationId = record.Id.ToString(),
        Name = record.Name,
        Kind = ProtoEnums.Parse<OrganizationKind>(record.Kind),
        Plan = ProtoEnums.Parse<SupportPlan>(record.Plan),
        Deployment = ProtoEnums.Parse<DeploymentModel>(record.Deployment),
        TimeZone = record.TimeZone,
        ProductVersion = record.ProductVersion ?? "",
        CreatedAt = Timestamp.FromDateTimeOffset(record.CreatedAt),
    };

    public static Person ToProto(this PersonRecord record) => new()
    {
        PersonId = record.Id.ToString(),
        OrganizationId = record.OrganizationId.ToString(),
        DisplayName = record.DisplayName,
        Email = record.Email,
        Phone = record.Phone ?? "",
        Roles = { record.RoleSet.Select(ProtoEnums.Parse<Role>) },
        Active = record.Active,
        TrainingExpiresAt = record.TrainingExpiresAt is { } expires ? Timestamp.FromDateTimeOffset(expires) : null,
    };
}
