using Google.Protobuf.WellKnownTypes;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.Domain;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Identity.Grpc;

internal static class Mapping
{
    public static Organization ToProto(this OrganizationRecord record)
    {
        var organization = new Organization
        {
            OrganizationId = record.Id.ToString(),
            Name = record.Name,
            Kind = ProtoEnums.Parse<OrganizationKind>(record.Kind),
            Plan = ProtoEnums.Parse<SupportPlan>(record.Plan),
            Deployment = ProtoEnums.Parse<Deployment>(record.Deployment),
            TimeZone = record.TimeZone,
            ProductVersion = record.ProductVersion ?? "",
            CreatedAt = Timestamp.FromDateTimeOffset(record.CreatedAt),
        };
        if (record.Kind == OrganizationKinds.Customer)
        {
            organization.Contract = new SupportContract
            {
                Plan = organization.Plan,
                Deployment = organization.Deployment,
                ProductVersion = organization.ProductVersion,
                TimeZone = record.TimeZone,
                ValidFrom = Stamp(record.ValidFrom),
                ValidUntil = Stamp(record.ValidUntil),
                Calendar = ContractRules.ReadCalendar(record.Calendar),
                Version = record.ContractVersion,
            };
        }
        return organization;
    }

    public static Person ToProto(this PersonRecord record, IEnumerable<TrainingRecordRow>? trainings = null) => new()
    {
        PersonId = record.Id.ToString(),
        OrganizationId = record.OrganizationId.ToString(),
        DisplayName = record.DisplayName,
        Email = record.Email,
        Phone = record.Phone ?? "",
        Roles = { record.RoleSet.Select(ProtoEnums.Parse<Role>) },
        Active = record.Active,
        PasswordSet = record.PasswordHash is not null,
        TrainingExpiresAt = Stamp(record.TrainingExpiresAt),
        Trainings =
        {
            (trainings ?? []).Select(training => new TrainingRecord
            {
                Course = training.Course,
                CompletedAt = Timestamp.FromDateTimeOffset(training.CompletedAt),
                ExpiresAt = Timestamp.FromDateTimeOffset(training.ExpiresAt),
                RecordedBy = training.RecordedBy.ToString(),
            }),
        },
    };

    public static Timestamp? Stamp(DateTimeOffset? value) => value is { } instant ? Timestamp.FromDateTimeOffset(instant) : null;
}
