using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Identity.Data;
using SupportPlatform.Identity.Domain;
using SupportPlatform.Identity.V1;
using Party = SupportPlatform.Common.V1.Party;

namespace SupportPlatform.Identity.Grpc;

public sealed class ResponsibilityGrpcService(
    Database database, MatrixStore matrices, IdentityStore store, Outbox outbox, TimeProvider clock) : ResponsibilityService.ResponsibilityServiceBase
{
    /// <summary>Roles that act for each party when the matrix names it.</summary>
    private static readonly Dictionary<string, string[]> ActingRoles = new()
    {
        [Parties.Vendor] = [Roles.L2Engineer, Roles.L3Engineer, Roles.SupportManager],
        [Parties.Customer] = [Roles.L1Agent, Roles.CustomerAdmin],
        [Parties.EndUsers] = [Roles.EndUser],
    };

    public override async Task<GetMatrixResponse> GetMatrix(GetMatrixRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        if (string.IsNullOrEmpty(request.OrganizationId))
        {
            if (!caller.IsVendor)
            {
                throw new PermissionException("VENDOR_ONLY", "Only vendor staff read the default matrix; customers ask for their organisation's.");
            }
            var defaults = ResponsibilityMatrix.Apply(await matrices.DefaultsAsync(), []);
            return new GetMatrixResponse { Version = 0, Tasks = { defaults.Tasks.Select(ToProto) } };
        }
        var organization = await VisibleCustomerAsync(caller, request.OrganizationId, "organization_id");
        var matrix = ResponsibilityMatrix.Apply(await matrices.DefaultsAsync(), await matrices.OverridesAsync(organization.Id));
        return new GetMatrixResponse
        {
            OrganizationId = organization.Id.ToString(),
            Version = matrix.Version,
            Tasks = { matrix.Tasks.Select(ToProto) },
        };
    }

    public override async Task<ResolveResponsibilityResponse> ResolveResponsibility(ResolveResponsibilityRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations().RequireText(request.TaskId, "task_id", 1, 100).ThrowIfAny();
        var organization = await VisibleCustomerAsync(caller, request.OrganizationId, "organization_id");
        var matrix = ResponsibilityMatrix.Apply(await matrices.DefaultsAsync(), await matrices.OverridesAsync(organization.Id));
        var entry = matrix.Find(request.TaskId) ?? throw new NotFoundException("task", request.TaskId);

        var vendor = await store.FindVendorAsync() ?? throw new InvalidOperationException("The vendor organisation is missing.");
        var vendorPeople = await store.ActivePeopleAsync(vendor.Id);
        var customerPeople = await store.ActivePeopleAsync(organization.Id);
        IEnumerable<Contact> ContactsOf(string party) =>
            (party == Parties.Vendor ? vendorPeople : customerPeople)
                .Where(person => person.RoleSet.Overlaps(ActingRoles[party]))
                .Select(person => new Contact
                {
                    PersonId = person.Id.ToString(),
                    DisplayName = person.DisplayName,
                    Email = person.Email,
                    Phone = person.Phone ?? "",
                    Party = ProtoEnums.Parse<Party>(party),
                    Roles = { person.RoleSet.Order().Select(ProtoEnums.Parse<Role>) },
                });

        var response = new ResolveResponsibilityResponse { Task = ToProto(entry), Version = matrix.Version };
        foreach (var letter in Letters.Order)
        {
            var holders = entry.Task.Holders(letter);
            if (holders.Count == 0)
            {
                continue;
            }
            response.Letters.Add(new LetterHolders
            {
                Letter = ToLetter(letter),
                Parties = { holders.Select(ProtoEnums.Parse<Party>) },
                Contacts = { holders.SelectMany(ContactsOf) },
            });
        }
        return response;
    }

    public override async Task<SetMatrixOverrideResponse> SetMatrixOverride(SetMatrixOverrideRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        Access.RequirePlatformAdmin(caller);
        var violations = new Violations()
            .RequireId(request.OrganizationId, "organization_id", out var organizationId)
            .RequireText(request.TaskId, "task_id", 1, 100)
            .Require(request.Party is Party.Vendor or Party.Customer or Party.EndUsers, "party", "must be PARTY_VENDOR, PARTY_CUSTOMER or PARTY_END_USERS")
            .Require(request.Letters.All(ProtoEnums.IsSet) && request.Letters.Distinct().Count() == request.Letters.Count, "letters", "must be distinct RASCI letters")
            .Require(request.ExpectedVersion >= 0, "expected_version", "must not be negative")
            .RequireText(request.Reason, "reason", 5, 2000);
        violations.ThrowIfAny();
        var organization = await store.FindOrganizationAsync(organizationId);
        if (organization is null || organization.Kind != OrganizationKinds.Customer)
        {
            throw new NotFoundException("organization", request.OrganizationId);
        }
        var defaults = await matrices.DefaultsAsync();
        if (defaults.All(task => task.TaskId != request.TaskId))
        {
            throw new NotFoundException("task", request.TaskId);
        }

        await using var work = await database.BeginAsync(context.CancellationToken);
        var overrides = await matrices.OverridesAsync(organization.Id, work);
        var matrix = ResponsibilityMatrix.Apply(defaults, overrides);
        if (matrix.Version != request.ExpectedVersion)
        {
            throw new ConflictException($"The matrix is at version {matrix.Version}, not {request.ExpectedVersion}. Read it again and retry.", matrix.Version);
        }
        var party = ProtoEnums.Name(request.Party);
        var now = clock.GetUtcNow();
        var record = new MatrixOverrideRecord
        {
            OrganizationId = organization.Id,
            Version = matrix.Version + 1,
            TaskId = request.TaskId,
            Party = party,
            PreviousLetters = matrix.Find(request.TaskId)!.Value.Task.Cells[party],
            Letters = Letters.Normalize(request.Letters.Select(FromLetter)),
            ChangedBy = caller.SubjectId,
            ChangedAt = now,
            Reason = request.Reason.Trim(),
        };
        await MatrixStore.AddOverrideAsync(work, record);
        await outbox.EnqueueAsync(work, new ResponsibilityMatrixChanged(organization.Id, record.Version, record.TaskId, party, record.Letters, caller.SubjectId, now));
        await outbox.CommitAsync(work, context.CancellationToken);

        var after = ResponsibilityMatrix.Apply(defaults, [.. overrides, record]);
        return new SetMatrixOverrideResponse { Version = after.Version, Task = ToProto(after.Find(request.TaskId)!.Value) };
    }

    public override async Task<ListMatrixOverridesResponse> ListMatrixOverrides(ListMatrixOverridesRequest request, ServerCallContext context)
    {
        var organization = await VisibleCustomerAsync(context.GetCaller(), request.OrganizationId, "organization_id");
        var overrides = await matrices.OverridesAsync(organization.Id);
        return new ListMatrixOverridesResponse
        {
            Overrides =
            {
                overrides.Select(o => new MatrixOverride
                {
                    Version = o.Version,
                    TaskId = o.TaskId,
                    Party = ProtoEnums.Parse<Party>(o.Party),
                    PreviousLetters = { Letters.Parse(o.PreviousLetters).Select(ToLetter) },
                    Letters = { Letters.Parse(o.Letters).Select(ToLetter) },
                    ChangedBy = o.ChangedBy.ToString(),
                    ChangedAt = Timestamp.FromDateTimeOffset(o.ChangedAt),
                    Reason = o.Reason,
                }),
            },
        };
    }

    /// <summary>A customer organisation the caller may see; anything else is NOT_FOUND.</summary>
    private async Task<OrganizationRecord> VisibleCustomerAsync(Caller caller, string organizationId, string field)
    {
        new Violations().RequireId(organizationId, field, out var id).ThrowIfAny();
        var organization = await store.FindOrganizationAsync(id);
        if (organization is null || organization.Kind != OrganizationKinds.Customer || !Access.MaySee(caller, organization.Id))
        {
            throw new NotFoundException("organization", organizationId);
        }
        return organization;
    }

    private static MatrixTask ToProto((RasciTask Task, IReadOnlySet<string> Overridden) entry) => new()
    {
        TaskId = entry.Task.TaskId,
        Name = entry.Task.Name,
        Scope = ProtoEnums.Parse<TaskScope>(entry.Task.Scope),
        Assignments =
        {
            Parties.All.Select(party => new Assignment
            {
                Party = ProtoEnums.Parse<Party>(party),
                Letters = { Letters.Parse(entry.Task.Cells.GetValueOrDefault(party)).Select(ToLetter) },
                Overridden = entry.Overridden.Contains(party),
            }),
        },
    };

    private static Letter ToLetter(char letter) => letter switch
    {
        'R' => Letter.Responsible,
        'A' => Letter.Accountable,
        'S' => Letter.Supportive,
        'C' => Letter.Consulted,
        'I' => Letter.Informed,
        _ => throw new ArgumentOutOfRangeException(nameof(letter)),
    };

    private static char FromLetter(Letter letter) => letter switch
    {
        Letter.Responsible => 'R',
        Letter.Accountable => 'A',
        Letter.Supportive => 'S',
        Letter.Consulted => 'C',
        Letter.Informed => 'I',
        _ => throw new ArgumentOutOfRangeException(nameof(letter)),
    };
}
