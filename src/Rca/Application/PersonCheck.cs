using Grpc.Core;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Rca.Application;

/// <summary>
/// Whether a person may own an action for a party: an active vendor staff member for the vendor,
/// an active person of the RCA's organisation for the customer. Asked with the service's own
/// token (people of both parties are looked up), so the answer is one yes or no: a caller learns
/// nothing about people it could not see itself.
/// </summary>
public sealed class PersonCheck(PeopleService.PeopleServiceClient people, ServiceToken token)
{
    private static readonly Role[] VendorRoles = [Role.L2Engineer, Role.L3Engineer, Role.SupportManager, Role.Trainer, Role.PlatformAdmin];

    public async Task<bool> MayOwnAsync(Guid personId, string party, Guid organizationId, CancellationToken cancellationToken)
    {
        Person person;
        try
        {
            person = (await people.GetPersonAsync(new GetPersonRequest { PersonId = personId.ToString() },
                await token.HeadersAsync(cancellationToken), cancellationToken: cancellationToken)).Person;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
        var ofParty = party == Caller.VendorParty
            ? person.Roles.Any(VendorRoles.Contains)
            : person.OrganizationId == organizationId.ToString() && !person.Roles.Any(VendorRoles.Contains);
        return ofParty && person.Active;
    }
}
