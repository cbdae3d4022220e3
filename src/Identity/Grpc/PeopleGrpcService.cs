using Grpc.Core;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Identity.Data;
using SupportPlatform.Identity.Domain;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Identity.Grpc;

public sealed class PeopleGrpcService(IdentityStore store, TimeProvider clock) : PeopleService.PeopleServiceBase
{
    public override async Task<RegisterPersonResponse> RegisterPerson(RegisterPersonRequest request, ServerCallContext context)
    {
        Access.RequirePlatformAdmin(context.GetCaller());
        var violations = new Violations()
            .RequireId(request.OrganizationId, "organization_id", out var organizationId)
            .RequireText(request.DisplayName, "display_name", 1, 200)
            .Require(Validation.IsEmail(request.Email), "email", "must be an e-mail address")
            .Require(string.IsNullOrEmpty(request.Phone) || Validation.IsPhone(request.Phone), "phone", "must be in international format, e.g. +31201234567")
            .Require(request.Roles.Count > 0 && request.Roles.All(ProtoEnums.IsSet), "roles", "at least one known role is required")
            .Require(!request.Roles.Any(Validation.IsServiceAccountRole), "roles", "INTEGRATION and INTERNAL_SERVICE are for service accounts, not people")
            .Require(string.IsNullOrEmpty(request.Password) || request.Password.Length is >= 12 and <= 200, "password", "must be 12-200 characters");
        violations.ThrowIfAny();
        var organization = await store.FindOrganizationAsync(organizationId)
            ?? throw new NotFoundException("organization", request.OrganizationId);
        Validation.RequireRolesOfKind(request.Roles, organization.Kind);

        var person = new PersonRecord
        {
            Id = Guid.NewGuid(),
            OrganizationId = organization.Id,
            DisplayName = request.DisplayName.Trim(),
            Email = request.Email.Trim().ToLowerInvariant(),
            Phone = string.IsNullOrEmpty(request.Phone) ? null : request.Phone,
            Roles = string.Join(',', request.Roles.Select(ProtoEnums.Name).Distinct()),
            PasswordHash = string.IsNullOrEmpty(request.Password) ? null : Secrets.HashPassword(request.Password),
            Active = true,
            TrainingExpiresAt = request.TrainingExpiresAt?.ToDateTimeOffset(),
            CreatedAt = clock.GetUtcNow(),
        };
        if (!await store.TryAddPersonAsync(person))
        {
            throw new PreconditionException("EMAIL_TAKEN", "email", "A person with this e-mail address is already registered.");
        }
        return new RegisterPersonResponse { Person = person.ToProto() };
    }

    public override async Task<GetPersonResponse> GetPerson(GetPersonRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations().RequireId(request.PersonId, "person_id", out var id).ThrowIfAny();
        var person = await store.FindPersonAsync(id);
        if (person is null || !Access.MaySee(caller, person.OrganizationId))
        {
            throw new NotFoundException("person", request.PersonId);
        }
        return new GetPersonResponse { Person = person.ToProto() };
    }

    public override async Task<CheckSubmitterResponse> CheckSubmitter(CheckSubmitterRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations()
            .RequireId(request.PersonId, "person_id", out var personId)
            .RequireId(request.OrganizationId, "organization_id", out var organizationId)
            .ThrowIfAny();
        // A customer may ask only about themself; vendor staff and vendor services about anyone.
        if (!caller.IsVendor && (caller.SubjectId != personId || caller.OrganizationId != organizationId))
        {
            throw new NotFoundException("person", request.PersonId);
        }
        var organization = await store.FindOrganizationAsync(organizationId)
            ?? throw new NotFoundException("organization", request.OrganizationId);
        var person = await store.FindPersonAsync(personId)
            ?? throw new NotFoundException("person", request.PersonId);
        var reasons = SubmitterRules.Check(person, organization, clock.GetUtcNow());
        return new CheckSubmitterResponse
        {
            Authorized = reasons.Count == 0,
            Reasons = { reasons },
            Organization = organization.ToProto(),
        };
    }
}
