using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Grpc.Core;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Identity.Data;
using SupportPlatform.Identity.Application;
using SupportPlatform.Identity.Domain;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Identity.Grpc;

/// <summary>
/// People and their roles, contacts and trainings. Every change re-counts the organisation's
/// authorised submitters in the same transaction (<see cref="ReadinessMonitor"/>).
/// </summary>
public sealed class PeopleGrpcService(Database database, IdentityStore store, Outbox outbox, ReadinessMonitor readiness, TimeProvider clock,
    IOptions<InvitationOptions> invitations)
    : PeopleService.PeopleServiceBase
{
    public override async Task<RegisterPersonResponse> RegisterPerson(RegisterPersonRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations()
            .RequireId(request.OrganizationId, "organization_id", out var organizationId)
            .RequireText(request.DisplayName, "display_name", 1, 200)
            .Require(Validation.IsEmail(request.Email), "email", "must be an e-mail address")
            .Require(string.IsNullOrEmpty(request.Phone) || Validation.IsPhone(request.Phone), "phone", "must be in international format, e.g. +31201234567")
            .Require(request.Roles.Count > 0 && request.Roles.All(ProtoEnums.IsSet), "roles", "at least one known role is required")
            .Require(!request.Roles.Any(Validation.IsServiceAccountRole), "roles", "INTEGRATION and INTERNAL_SERVICE are for service accounts, not people")
            .Require(string.IsNullOrEmpty(request.Password) || request.Password.Length is >= 12 and <= 200, "password", "must be 12-200 characters")
            .Require(!(request.Invite && !string.IsNullOrEmpty(request.Password)), "invite", "cannot be combined with a password: the person sets their own");
        violations.ThrowIfAny();

        await using var work = await database.BeginAsync(context.CancellationToken);
        var organization = await PeopleStore.FindOrganizationAsync(work, organizationId);
        if (organization is null || !Access.MaySee(caller, organization.Id))
        {
            throw new NotFoundException("organization", request.OrganizationId);
        }
        Access.RequireAdminOf(caller, organization.Id);
        Validation.RequireRolesOfKind(request.Roles, organization.Kind);

        var now = clock.GetUtcNow();
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
            CreatedAt = now,
        };
        if (!await IdentityStore.TryAddPersonAsync(work, person))
        {
            throw new PreconditionException("EMAIL_TAKEN", "email", "A person with this e-mail address is already registered.");
        }
        if (request.TrainingExpiresAt is not null)
        {
            await PeopleStore.AddTrainingAsync(work, new TrainingRecordRow
            {
                Id = Guid.NewGuid(),
                PersonId = person.Id,
                Course = "L1 training (recorded at registration)",
                CompletedAt = now,
                ExpiresAt = request.TrainingExpiresAt.ToDateTimeOffset(),
                RecordedBy = caller.SubjectId,
                RecordedAt = now,
            });
        }
        if (request.Invite)
        {
            await InviteAsync(work, person, organization, now);
        }
        return new RegisterPersonResponse { Person = await CommitAndReadAsync(work, person.Id, context) };
    }

    public override async Task<ResendInvitationResponse> ResendInvitation(ResendInvitationRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations().RequireId(request.PersonId, "person_id", out var id).ThrowIfAny();
        await using var work = await database.BeginAsync(context.CancellationToken);
        var person = await VisiblePersonAsync(work, caller, id);
        Access.RequireAdminOf(caller, person.OrganizationId);
        if (!person.Active)
        {
            throw new PreconditionException("PERSON_INACTIVE", $"people/{person.Id}", "The person is deactivated.");
        }
        if (person.PasswordHash is not null)
        {
            throw new PreconditionException("PASSWORD_SET", $"people/{person.Id}", "The person has already set a password.");
        }
        var organization = (await PeopleStore.FindOrganizationAsync(work, person.OrganizationId))!;
        var expiresAt = await InviteAsync(work, person, organization, clock.GetUtcNow());
        await outbox.CommitAsync(work, context.CancellationToken);
        return new ResendInvitationResponse { ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt) };
    }

    public override async Task<AcceptInvitationResponse> AcceptInvitation(AcceptInvitationRequest request, ServerCallContext context)
    {
        new Violations()
            .RequireText(request.Token, "token", 1, 200)
            .Require(request.Password.Length is >= 12 and <= 200, "password", "must be 12-200 characters")
            .ThrowIfAny();
        var now = clock.GetUtcNow();
        await using var work = await database.BeginAsync(context.CancellationToken);
        var invitation = await InvitationStore.FindAsync(work, Secrets.HashBearerSecret(request.Token));
        var person = invitation is null ? null : await PeopleStore.FindPersonAsync(work, invitation.PersonId);
        if (invitation is null || !invitation.IsUsable(now) || person is not { Active: true } || !await InvitationStore.UseAsync(work, invitation, now))
        {
            throw new PreconditionException("INVITATION_NOT_VALID", "invitation",
                "This invitation link is not valid any more: it was used, replaced by a newer one, or it has expired. Ask your administrator to send a new one.");
        }
        await PeopleStore.SetPasswordAsync(work, person.Id, Secrets.HashPassword(request.Password));
        await CommitAndReadAsync(work, person.Id, context);
        return new AcceptInvitationResponse { Email = person.Email };
    }

    /// <summary>A new invitation link (earlier ones stop working), told to the person through PersonInvited.</summary>
    private async Task<DateTimeOffset> InviteAsync(UnitOfWork work, PersonRecord person, OrganizationRecord organization, DateTimeOffset now)
    {
        var token = Secrets.NewClientSecret();
        var invitation = new InvitationRecord
        {
            TokenHash = Secrets.HashBearerSecret(token), PersonId = person.Id, CreatedAt = now, ExpiresAt = now + invitations.Value.Lifetime,
        };
        await InvitationStore.AddAsync(work, invitation);
        await outbox.EnqueueAsync(work, new PersonInvited(person.Id, organization.Id, organization.Kind, person.DisplayName, organization.Name,
            token, invitation.ExpiresAt, now));
        return invitation.ExpiresAt;
    }

    public override async Task<GetPersonResponse> GetPerson(GetPersonRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations().RequireId(request.PersonId, "person_id", out var id).ThrowIfAny();
        await using var work = await database.BeginReadAsync(context.CancellationToken);
        var person = await VisiblePersonAsync(work, caller, id);
        return new GetPersonResponse { Person = person.ToProto(await PeopleStore.TrainingsOfAsync(work, person.Id)) };
    }

    public override async Task<ListPeopleResponse> ListPeople(ListPeopleRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations().RequireId(request.OrganizationId, "organization_id", out var organizationId);
        var (size, after) = PageToken.ReadKeyed(request.PageSize, request.PageToken, violations);
        violations.ThrowIfAny();
        if (!Access.MaySee(caller, organizationId) || await store.FindOrganizationAsync(organizationId) is null)
        {
            throw new NotFoundException("organization", request.OrganizationId);
        }
        var rows = await PeopleStore.ListAsync(database, organizationId, after, request.IncludeInactive, size + 1);
        var response = new ListPeopleResponse { People = { rows.Take(size).Select(row => row.ToProto()) } };
        if (rows.Count > size)
        {
            response.NextPageToken = PageToken.WriteKeyed(rows[size - 1].Email);
        }
        return response;
    }

    public override async Task<UpdateContactDetailsResponse> UpdateContactDetails(UpdateContactDetailsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations()
            .RequireId(request.PersonId, "person_id", out var id)
            .Require(Validation.IsEmail(request.Email), "email", "must be an e-mail address")
            .Require(string.IsNullOrEmpty(request.Phone) || Validation.IsPhone(request.Phone), "phone", "must be in international format, e.g. +31201234567")
            .ThrowIfAny();
        await using var work = await database.BeginAsync(context.CancellationToken);
        var person = await VisiblePersonAsync(work, caller, id);
        if (caller.SubjectId != person.Id)
        {
            Access.RequireAdminOf(caller, person.OrganizationId);
        }
        var email = request.Email.Trim().ToLowerInvariant();
        if (email != person.Email && await PeopleStore.FindPersonByEmailAsync(work, email) is not null)
        {
            throw new PreconditionException("EMAIL_TAKEN", "email", "A person with this e-mail address is already registered.");
        }
        await PeopleStore.UpdateContactAsync(work, person.Id, email, string.IsNullOrEmpty(request.Phone) ? null : request.Phone);
        return new UpdateContactDetailsResponse { Person = await CommitAndReadAsync(work, person.Id, context) };
    }

    public override async Task<RecordTrainingResponse> RecordTraining(RecordTrainingRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var now = clock.GetUtcNow();
        var violations = new Violations()
            .RequireId(request.PersonId, "person_id", out var id)
            .RequireText(request.Course, "course", 1, 200)
            .Require(request.CompletedAt is not null && request.CompletedAt.ToDateTimeOffset() <= now.AddMinutes(5), "completed_at", "is required and not in the future")
            .Require(request.ExpiresAt is not null && request.CompletedAt is not null && request.ExpiresAt.ToDateTimeOffset() > request.CompletedAt.ToDateTimeOffset(),
                "expires_at", "is required and after completed_at");
        violations.ThrowIfAny();
        await using var work = await database.BeginAsync(context.CancellationToken);
        var person = await VisiblePersonAsync(work, caller, id);
        await PeopleStore.AddTrainingAsync(work, new TrainingRecordRow
        {
            Id = Guid.NewGuid(),
            PersonId = person.Id,
            Course = request.Course.Trim(),
            CompletedAt = request.CompletedAt!.ToDateTimeOffset(),
            ExpiresAt = request.ExpiresAt!.ToDateTimeOffset(),
            RecordedBy = caller.SubjectId,
            RecordedAt = now,
        });
        return new RecordTrainingResponse { Person = await CommitAndReadAsync(work, person.Id, context) };
    }

    public override async Task<SetRolesResponse> SetRoles(SetRolesRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations()
            .RequireId(request.PersonId, "person_id", out var id)
            .Require(request.Roles.Count > 0 && request.Roles.All(ProtoEnums.IsSet), "roles", "at least one known role is required")
            .Require(!request.Roles.Any(Validation.IsServiceAccountRole), "roles", "INTEGRATION and INTERNAL_SERVICE are for service accounts, not people")
            .ThrowIfAny();
        await using var work = await database.BeginAsync(context.CancellationToken);
        var person = await VisiblePersonAsync(work, caller, id);
        Access.RequireAdminOf(caller, person.OrganizationId);
        var organization = await PeopleStore.FindOrganizationAsync(work, person.OrganizationId);
        Validation.RequireRolesOfKind(request.Roles, organization!.Kind);
        await PeopleStore.UpdateRolesAsync(work, person.Id, string.Join(',', request.Roles.Select(ProtoEnums.Name).Distinct()));
        return new SetRolesResponse { Person = await CommitAndReadAsync(work, person.Id, context) };
    }

    public override async Task<DeactivatePersonResponse> DeactivatePerson(DeactivatePersonRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations()
            .RequireId(request.PersonId, "person_id", out var id)
            .RequireText(request.Reason, "reason", 5, 2000)
            .ThrowIfAny();
        await using var work = await database.BeginAsync(context.CancellationToken);
        var person = await VisiblePersonAsync(work, caller, id);
        Access.RequireAdminOf(caller, person.OrganizationId);
        if (!person.Active)
        {
            throw new PreconditionException("PERSON_INACTIVE", $"people/{person.Id}", "The person is already deactivated.");
        }
        var now = clock.GetUtcNow();
        await PeopleStore.DeactivateAsync(work, person.Id, now, request.Reason.Trim());
        // Signed-in sessions end with it: no refresh token of theirs works any more.
        await SessionStore.RevokeAllAsync(work, person.Id, now, SessionRevocations.Deactivated);
        return new DeactivatePersonResponse { Person = await CommitAndReadAsync(work, person.Id, context) };
    }

    public override async Task<CheckSubmitterResponse> CheckSubmitter(CheckSubmitterRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations()
            .RequireId(request.PersonId, "person_id", out var personId)
            .RequireId(request.OrganizationId, "organization_id", out var organizationId)
            .ThrowIfAny();
        // A customer person may ask only about themself, a customer's integration account about
        // people of its own organisation; vendor staff and vendor services about anyone.
        var mayAsk = caller.IsVendor
            || (caller.OrganizationId == organizationId && (caller.SubjectId == personId || caller.HasRole(Roles.Integration)));
        if (!mayAsk)
        {
            throw new NotFoundException("person", request.PersonId);
        }
        var organization = await store.FindOrganizationAsync(organizationId)
            ?? throw new NotFoundException("organization", request.OrganizationId);
        var person = await store.FindPersonAsync(personId);
        if (person is null || person.OrganizationId != organizationId && !caller.IsVendor)
        {
            throw new NotFoundException("person", request.PersonId);
        }
        var now = clock.GetUtcNow();
        var reasons = SubmitterRules.Check(person, organization, now);
        var contractProblem = ContractRules.Problem(organization, now);
        return new CheckSubmitterResponse
        {
            Authorized = reasons.Count == 0,
            Reasons = { reasons },
            Organization = organization.ToProto(),
            ContractValid = contractProblem is null,
            ContractProblem = contractProblem ?? "",
        };
    }

    /// <summary>Customers see only people of their own organisation; others are NOT_FOUND.</summary>
    private static async Task<PersonRecord> VisiblePersonAsync(UnitOfWork work, Caller caller, Guid id)
    {
        var person = await PeopleStore.FindPersonAsync(work, id);
        return person is not null && Access.MaySee(caller, person.OrganizationId)
            ? person
            : throw new NotFoundException("person", id.ToString());
    }

    /// <summary>Re-counts the organisation's submitters, commits, and returns the person as stored.</summary>
    private async Task<Person> CommitAndReadAsync(UnitOfWork work, Guid personId, ServerCallContext context)
    {
        var person = (await PeopleStore.FindPersonAsync(work, personId))!;
        await readiness.ReevaluateAsync(work, person.OrganizationId);
        await outbox.EnqueueAsync(work, new PersonChanged(person.Id, person.OrganizationId, clock.GetUtcNow()));
        var trainings = await PeopleStore.TrainingsOfAsync(work, person.Id);
        await outbox.CommitAsync(work, context.CancellationToken);
        return person.ToProto(trainings);
    }
}
