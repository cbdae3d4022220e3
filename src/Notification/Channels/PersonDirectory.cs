using Grpc.Core;
using Microsoft.Extensions.Caching.Hybrid;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Notification.Channels;

/// <summary>
/// A recipient's name, e-mail address, phone, whether they are active, and their organisation's
/// time zone, from the identity service (the service's own token), cached per person and dropped
/// when identity says the person changed. Read when a delivery is sent, so it goes to the current
/// address.
/// </summary>
public sealed class PersonDirectory(PeopleService.PeopleServiceClient people, OrganizationService.OrganizationServiceClient organizations, ServiceToken token,
    HybridCache cache)
{
    /// <summary>What a delivery needs of a person; null from <see cref="FindAsync"/> when identity knows no such person.</summary>
    /// <param name="TimeZone">The IANA time zone of the person's organisation (their own, if they chose one, is in their preferences); empty: UTC.</param>
    public sealed record Recipient(string DisplayName, string Email, string Phone, bool Active, string TimeZone = "UTC");

    private static readonly HybridCacheEntryOptions Entry = new() { Expiration = TimeSpan.FromMinutes(10), LocalCacheExpiration = TimeSpan.FromMinutes(10) };

    public ValueTask<Recipient?> FindAsync(Guid personId, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync($"person/{personId:N}", (Directory: this, personId),
            static (state, cancellation) => state.Directory.FetchAsync(state.personId, cancellation), Entry, [Tag(personId)], cancellationToken);

    public ValueTask ForgetAsync(Guid personId) => cache.RemoveByTagAsync(Tag(personId));

    private static string Tag(Guid personId) => $"person-of/{personId:N}";

    private async ValueTask<Recipient?> FetchAsync(Guid personId, CancellationToken cancellationToken)
    {
        try
        {
            var headers = await token.HeadersAsync(cancellationToken);
            var person = (await people.GetPersonAsync(new GetPersonRequest { PersonId = personId.ToString() }, headers,
                cancellationToken: cancellationToken)).Person;
            var organization = (await organizations.GetOrganizationAsync(new GetOrganizationRequest { OrganizationId = person.OrganizationId }, headers,
                cancellationToken: cancellationToken)).Organization;
            return new Recipient(person.DisplayName, person.Email, person.Phone, person.Active, organization.TimeZone);
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.Unauthenticated)
        {
            // The cached service token was refused (its key retired early): get a new one, once.
            token.Invalidate();
            throw;
        }
    }
}
