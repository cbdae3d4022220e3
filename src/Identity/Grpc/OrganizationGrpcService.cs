using Grpc.Core;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Identity.Data;
using SupportPlatform.Identity.Domain;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Identity.Grpc;

public sealed class OrganizationGrpcService(IdentityStore store, TimeProvider clock) : OrganizationService.OrganizationServiceBase
{
    public override async Task<RegisterOrganizationResponse> RegisterOrganization(RegisterOrganizationRequest request, ServerCallContext context)
    {
        Access.RequirePlatformAdmin(context.GetCaller());
        var violations = new Violations()
            .RequireText(request.Name, "name", 1, 200)
            .Require(ProtoEnums.IsSet(request.Plan), "plan", "must be STANDARD, PREMIUM or PREMIUM_PLUS")
            .Require(ProtoEnums.IsSet(request.Deployment), "deployment", "must be CLOUD or ON_PREMISES")
            .Require(TimeZoneInfo.TryFindSystemTimeZoneById(request.TimeZone ?? "", out _), "time_zone", "must be an IANA time zone, e.g. Europe/Amsterdam");
        if (request.Deployment == DeploymentModel.OnPremises)
        {
            violations.Require(Validation.IsVersion(request.ProductVersion), "product_version", "is required for on-premises deployments, e.g. 8.2.1");
        }
        else if (!string.IsNullOrEmpty(request.ProductVersion))
        {
            violations.Add("product_version", "must be empty for cloud deployments");
        }
        violations.ThrowIfAny();

        var organization = new OrganizationRecord
        {
            Id = Guid.NewGuid(),
            Name = request.Name.Trim(),
            Kind = OrganizationKinds.Customer,
            Plan = ProtoEnums.Name(request.Plan),
            Deployment = ProtoEnums.Name(request.Deployment),
            TimeZone = request.TimeZone!,
            ProductVersion = string.IsNullOrEmpty(request.ProductVersion) ? null : request.ProductVersion,
            CreatedAt = clock.GetUtcNow(),
        };
        if (!await store.TryAddOrganizationAsync(organization))
        {
            throw new PreconditionException("ORGANIZATION_NAME_TAKEN", "name", $"An organisation named '{organization.Name}' already exists.");
        }
        return new RegisterOrganizationResponse { Organization = organization.ToProto() };
    }

    public override async Task<GetOrganizationResponse> GetOrganization(GetOrganizationRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations().RequireId(request.OrganizationId, "organization_id", out var id).ThrowIfAny();
        var organization = await store.FindOrganizationAsync(id);
        if (organization is null || !Access.MaySee(caller, organization.Id))
        {
            throw new NotFoundException("organization", request.OrganizationId);
        }
        return new GetOrganizationResponse { Organization = organization.ToProto() };
    }

    public override async Task<CreateServiceAccountResponse> CreateServiceAccount(CreateServiceAccountRequest request, ServerCallContext context)
    {
        Access.RequirePlatformAdmin(context.GetCaller());
        var violations = new Violations()
            .RequireId(request.OrganizationId, "organization_id", out var organizationId)
            .RequireText(request.DisplayName, "display_name", 1, 200)
            .Require(request.Roles.Count > 0 && request.Roles.All(ProtoEnums.IsSet), "roles", "at least one known role is required");
        violations.ThrowIfAny();
        var organization = await store.FindOrganizationAsync(organizationId)
            ?? throw new NotFoundException("organization", request.OrganizationId);
        Validation.RequireRolesOfKind(request.Roles, organization.Kind);

        var secret = Secrets.NewClientSecret();
        var account = new ServiceAccountRecord
        {
            Id = Guid.NewGuid(),
            ClientId = "sa-" + Guid.NewGuid().ToString("N")[..16],
            OrganizationId = organization.Id,
            DisplayName = request.DisplayName.Trim(),
            SecretHash = Secrets.HashClientSecret(secret),
            Roles = string.Join(',', request.Roles.Select(ProtoEnums.Name).Distinct()),
            Active = true,
            CreatedAt = clock.GetUtcNow(),
        };
        await store.AddServiceAccountAsync(account);
        return new CreateServiceAccountResponse { ClientId = account.ClientId, ClientSecret = secret };
    }
}
