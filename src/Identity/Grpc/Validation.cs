using System.Text.RegularExpressions;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Identity.Domain;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Identity.Grpc;

internal static partial class Validation
{
    private static readonly HashSet<Role> CustomerRoles = [Role.L1Agent, Role.CustomerAdmin, Role.EndUser, Role.Integration];

    /// <summary>Roles only service accounts hold.</summary>
    public static bool IsServiceAccountRole(Role role) => role is Role.Integration or Role.InternalService;

    /// <summary>
    /// The one role a service account of an organisation kind may hold. Unlike a person's roles
    /// the set is closed: a customer's account is a partner integration, the vendor's a platform
    /// service; person roles on an account would let a connector act as staff.
    /// </summary>
    public static Role ServiceAccountRoleOf(string organizationKind) =>
        organizationKind == OrganizationKinds.Customer ? Role.Integration : Role.InternalService;

    /// <summary>Each element of <paramref name="roles"/> that is not the kind's service-account role, or repeats one before it.</summary>
    public static void RequireServiceAccountRoles(IReadOnlyList<Role> roles, string organizationKind)
    {
        var allowed = ServiceAccountRoleOf(organizationKind);
        var violations = new Violations();
        for (var index = 0; index < roles.Count; index++)
        {
            if (roles[index] != allowed)
            {
                violations.Add($"roles[{index}]",
                    $"ROLE_{ProtoEnums.Name(roles[index])} is not a service-account role here: a {organizationKind.ToLowerInvariant()} organisation's service accounts hold ROLE_{ProtoEnums.Name(allowed)} only");
            }
            else if (index > 0 && roles.Take(index).Contains(roles[index]))
            {
                violations.Add($"roles[{index}]", $"repeats ROLE_{ProtoEnums.Name(roles[index])}; give each role once");
            }
        }
        violations.ThrowIfAny();
    }

    public static bool IsEmail(string? value) => value is { Length: <= 320 } && Email().IsMatch(value);

    /// <summary>E.164: a plus sign and 7-15 digits.</summary>
    public static bool IsPhone(string? value) => value is not null && Phone().IsMatch(value);

    public static bool IsVersion(string? value) => value is not null && Version().IsMatch(value);

    /// <summary>Customer organisations hold customer roles, the vendor vendor roles.</summary>
    public static void RequireRolesOfKind(IEnumerable<Role> roles, string organizationKind)
    {
        var wrong = roles.Where(role => CustomerRoles.Contains(role) != (organizationKind == OrganizationKinds.Customer)).ToList();
        if (wrong.Count > 0)
        {
            throw new ValidationException([new Google.Rpc.BadRequest.Types.FieldViolation
            {
                Field = "roles",
                Description = $"{string.Join(", ", wrong.Select(ProtoEnums.Name))} cannot be held in a {organizationKind.ToLowerInvariant()} organisation",
            }]);
        }
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex Phone();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+){1,3}$")]
    private static partial Regex Version();
}
