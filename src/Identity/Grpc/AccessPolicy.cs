using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Identity.V1;
using static SupportPlatform.BuildingBlocks.Security.Principals;

namespace SupportPlatform.Identity.Grpc;

/// <summary>Who may call which RPC of the identity service. Handlers add tenant and self rules.</summary>
public static class AccessPolicy
{
    public static RpcPolicy Table { get; } = new RpcPolicy()
        .Allow(OrganizationService.Descriptor, nameof(OrganizationService.OrganizationServiceBase.RegisterOrganization), Principal.PlatformAdmin)
        .Allow(OrganizationService.Descriptor, nameof(OrganizationService.OrganizationServiceBase.GetOrganization), CaseReaders)
        .Allow(OrganizationService.Descriptor, nameof(OrganizationService.OrganizationServiceBase.GetVendorOrganization), [Principal.EndUser, .. CaseReaders])
        .Allow(OrganizationService.Descriptor, nameof(OrganizationService.OrganizationServiceBase.CreateServiceAccount), Principal.PlatformAdmin)
        .Allow(OrganizationService.Descriptor, nameof(OrganizationService.OrganizationServiceBase.UpdateContract), Principal.PlatformAdmin)
        .Allow(OrganizationService.Descriptor, nameof(OrganizationService.OrganizationServiceBase.GetSupportReadiness),
            [.. CustomerStaff, .. VendorStaff, Principal.InternalService])
        .Allow(PeopleService.Descriptor, nameof(PeopleService.PeopleServiceBase.RegisterPerson), Principal.PlatformAdmin, Principal.CustomerAdmin)
        .Allow(PeopleService.Descriptor, nameof(PeopleService.PeopleServiceBase.ResendInvitation), Principal.PlatformAdmin, Principal.CustomerAdmin)
        .Allow(PeopleService.Descriptor, nameof(PeopleService.PeopleServiceBase.AcceptInvitation), Principal.Anonymous)
        .Allow(PeopleService.Descriptor, nameof(PeopleService.PeopleServiceBase.ListPeople), [.. CustomerStaff, .. VendorStaff, Principal.InternalService])
        .Allow(PeopleService.Descriptor, nameof(PeopleService.PeopleServiceBase.UpdateContactDetails),
            Principal.L1Agent, Principal.CustomerAdmin, Principal.EndUser, Principal.PlatformAdmin)
        .Allow(PeopleService.Descriptor, nameof(PeopleService.PeopleServiceBase.RecordTraining), Principal.Trainer, Principal.PlatformAdmin)
        .Allow(PeopleService.Descriptor, nameof(PeopleService.PeopleServiceBase.SetRoles), Principal.CustomerAdmin, Principal.PlatformAdmin)
        .Allow(PeopleService.Descriptor, nameof(PeopleService.PeopleServiceBase.DeactivatePerson), Principal.CustomerAdmin, Principal.PlatformAdmin)
        .Allow(PeopleService.Descriptor, nameof(PeopleService.PeopleServiceBase.GetPerson), CaseReaders)
        .Allow(PeopleService.Descriptor, nameof(PeopleService.PeopleServiceBase.CheckSubmitter),
            [Principal.L1Agent, Principal.Integration, .. VendorStaff, Principal.InternalService])
        .Allow(TokenService.Descriptor, nameof(TokenService.TokenServiceBase.IssueToken), Principal.Anonymous)
        .Allow(TokenService.Descriptor, nameof(TokenService.TokenServiceBase.GetJwks), Principal.Anonymous)
        .Allow(TokenService.Descriptor, nameof(TokenService.TokenServiceBase.RevokeSession), Principal.Anonymous)
        .Allow(TokenService.Descriptor, nameof(TokenService.TokenServiceBase.RotateSigningKeys), Principal.PlatformAdmin)
        .Allow(ResponsibilityService.Descriptor, nameof(ResponsibilityService.ResponsibilityServiceBase.GetMatrix), CaseReaders)
        .Allow(ResponsibilityService.Descriptor, nameof(ResponsibilityService.ResponsibilityServiceBase.ResolveResponsibility), CaseReaders)
        .Allow(ResponsibilityService.Descriptor, nameof(ResponsibilityService.ResponsibilityServiceBase.SetMatrixOverride), Principal.PlatformAdmin)
        .Allow(ResponsibilityService.Descriptor, nameof(ResponsibilityService.ResponsibilityServiceBase.ListMatrixOverrides),
            [Principal.CustomerAdmin, .. VendorStaff, Principal.InternalService]);
}
