using Grpc.Core;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Common.V1;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Identity.Data;
using SupportPlatform.Identity.Domain;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Identity.Grpc;

public sealed class OrganizationGrpcService(Database database, IdentityStore store, Outbox outbox, TimeProvider clock) : OrganizationService.OrganizationServiceBase
{
    public override async Task<RegisterOrganizationResponse> RegisterOrganization(RegisterOrganizationRequest request, ServerCallContext context)
    {
        Access.RequirePlatformAdmin(context.GetCaller());
        var now = clock.GetUtcNow();
        var validFrom = request.ValidFrom?.ToDateTimeOffset() ?? now;
        var contract = new SupportContract
        {
            Plan = request.Plan,
            Deployment = request.Deployment,
            ProductVersion = request.ProductVersion ?? "",
            TimeZone = request.TimeZone ?? "",
            ValidFrom = Mapping.Stamp(validFrom),
            ValidUntil = Mapping.Stamp(request.ValidUntil?.ToDateTimeOffset() ?? validFrom.AddYears(1)),
            Calendar = request.Calendar ?? ContractRules.DefaultCalendar(),
        };
        var violations = new Violations().RequireText(request.Name, "name", 1, 200);
        ValidateContract(contract, violations, prefix: "");
        violations.ThrowIfAny();

        var organization = new OrganizationRecord
        {
            Id = Guid.NewGuid(),
            Name = request.Name.Trim(),
            Kind = OrganizationKinds.Customer,
            CreatedAt = now,
        };
        Apply(organization, contract, version: 1);
        await using var work = await database.BeginAsync(context.CancellationToken);
        if (!await IdentityStore.TryAddOrganizationAsync(work, organization))
        {
            throw new PreconditionException("ORGANIZATION_NAME_TAKEN", "name", $"An organisation named '{organization.Name}' already exists.");
        }
        await outbox.EnqueueAsync(work, ContractChanged(organization, now));
        await outbox.CommitAsync(work, context.CancellationToken);
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

    public override async Task<GetVendorOrganizationResponse> GetVendorOrganization(GetVendorOrganizationRequest request, ServerCallContext context)
    {
        // Bootstrap creates the vendor before the service serves; its absence is a defect (INTERNAL).
        var vendor = await store.FindVendorAsync() ?? throw new InvalidOperationException("The vendor organisation is missing.");
        return new GetVendorOrganizationResponse { Organization = vendor.ToProto() };
    }

    public override async Task<UpdateContractResponse> UpdateContract(UpdateContractRequest request, ServerCallContext context)
    {
        Access.RequirePlatformAdmin(context.GetCaller());
        var violations = new Violations().RequireId(request.OrganizationId, "organization_id", out var id);
        if (request.Contract is null)
        {
            violations.Add("contract", "is required");
        }
        else
        {
            violations.Require(request.Contract.ValidFrom is not null, "contract.valid_from", "is required");
            ValidateContract(request.Contract, violations, prefix: "contract.");
        }
        violations.ThrowIfAny();

        await using var work = await database.BeginAsync(context.CancellationToken);
        var organization = await PeopleStore.FindOrganizationAsync(work, id);
        if (organization is null || organization.Kind != OrganizationKinds.Customer)
        {
            throw new NotFoundException("organization", request.OrganizationId);
        }
        if (organization.ContractVersion != request.ExpectedVersion)
        {
            throw new ConflictException($"The contract is at version {organization.ContractVersion}, not {request.ExpectedVersion}. Read it again and retry.", organization.ContractVersion);
        }
        Apply(organization, request.Contract!, organization.ContractVersion + 1);
        if (!await PeopleStore.UpdateContractAsync(work, organization, request.ExpectedVersion))
        {
            throw new ConflictException("The contract changed concurrently; read it again and retry.", request.ExpectedVersion);
        }
        await outbox.EnqueueAsync(work, ContractChanged(organization, clock.GetUtcNow()));
        await outbox.CommitAsync(work, context.CancellationToken);
        return new UpdateContractResponse { Organization = organization.ToProto() };
    }

    public override async Task<GetSupportReadinessResponse> GetSupportReadiness(GetSupportReadinessRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations().RequireId(request.OrganizationId, "organization_id", out var id).ThrowIfAny();
        await using var work = await database.BeginReadAsync(context.CancellationToken);
        var organization = await PeopleStore.FindOrganizationAsync(work, id);
        if (organization is null || organization.Kind != OrganizationKinds.Customer || !Access.MaySee(caller, organization.Id))
        {
            throw new NotFoundException("organization", request.OrganizationId);
        }
        var evaluation = SupportReadiness.Evaluate(await PeopleStore.PeopleOfAsync(work, id), organization, clock.GetUtcNow());
        return new GetSupportReadinessResponse
        {
            OrganizationId = organization.Id.ToString(),
            AuthorizedSubmitters = { evaluation.Authorized.Select(person => person.ToProto()) },
            Required = SupportReadiness.Required,
            Compliant = evaluation.Compliant,
            Gaps = { evaluation.Gaps.Select(gap => new SubmitterGap { Person = gap.Person.ToProto(), Reasons = { gap.Reasons } }) },
        };
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
        Validation.RequireServiceAccountRoles(request.Roles, organization.Kind);

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

    private static void ValidateContract(SupportContract contract, Violations violations, string prefix)
    {
        violations
            .Require(ProtoEnums.IsSet(contract.Plan), prefix + "plan", "must be STANDARD, PREMIUM or PREMIUM_PLUS")
            .Require(ProtoEnums.IsSet(contract.Deployment), prefix + "deployment", "must be CLOUD or ON_PREMISES")
            .Require(TimeZoneInfo.TryFindSystemTimeZoneById(contract.TimeZone ?? "", out _), prefix + "time_zone", "must be an IANA time zone, e.g. Europe/Amsterdam")
            .Require(contract.ValidUntil is null || contract.ValidFrom is null || contract.ValidUntil.ToDateTimeOffset() > contract.ValidFrom.ToDateTimeOffset(),
                prefix + "valid_until", "must be after valid_from");
        if (contract.Deployment == Deployment.OnPremises)
        {
            violations.Require(Validation.IsVersion(contract.ProductVersion), prefix + "product_version", "is required for on-premises deployments, e.g. 8.2.1");
        }
        else if (!string.IsNullOrEmpty(contract.ProductVersion))
        {
            violations.Add(prefix + "product_version", "must be empty for cloud deployments");
        }
        if (contract.Calendar is not null)
        {
            foreach (var (field, description) in ContractRules.CalendarProblems(contract.Calendar, prefix + "calendar"))
            {
                violations.Add(field, description);
            }
        }
    }

    private static void Apply(OrganizationRecord organization, SupportContract contract, long version)
    {
        organization.Plan = ProtoEnums.Name(contract.Plan);
        organization.Deployment = ProtoEnums.Name(contract.Deployment);
        organization.ProductVersion = string.IsNullOrEmpty(contract.ProductVersion) ? null : contract.ProductVersion;
        organization.TimeZone = contract.TimeZone;
        organization.ValidFrom = contract.ValidFrom?.ToDateTimeOffset();
        organization.ValidUntil = contract.ValidUntil?.ToDateTimeOffset();
        organization.Calendar = ContractRules.WriteCalendar(contract.Calendar ?? ContractRules.DefaultCalendar());
        organization.ContractVersion = version;
    }

    private static SupportContractChanged ContractChanged(OrganizationRecord organization, DateTimeOffset now) => new(
        organization.Id, organization.ContractVersion, organization.Plan!, organization.Deployment!, organization.ProductVersion,
        organization.TimeZone, organization.ValidFrom!.Value, organization.ValidUntil, now,
        ContractRules.EventCalendar(ContractRules.ReadCalendar(organization.Calendar)));
}
