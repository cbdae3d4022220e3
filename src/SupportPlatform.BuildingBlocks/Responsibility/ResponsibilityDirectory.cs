using System.Collections.Frozen;
using System.Collections.Immutable;
using Grpc.Core;
using Microsoft.Extensions.Caching.Hybrid;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Common.V1;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.BuildingBlocks.Responsibility;

/// <summary>
/// Answers "who does what" from the identity service's matrix, cached (HybridCache, which also
/// makes concurrent misses for one key share one call) per organisation and task. An
/// organisation's entries are dropped when a <see cref="ResponsibilityMatrixChanged"/> event
/// arrives (every replica hears it), and expire after <see cref="MaxAge"/> in any case, should an
/// event be missed. Callers that use the contacts drop an organisation's answers on
/// <see cref="PersonChanged"/> too.
/// </summary>
public sealed class ResponsibilityDirectory(ResponsibilityService.ResponsibilityServiceClient client, ServiceToken token, HybridCache cache)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private static readonly HybridCacheEntryOptions Entry = new() { Expiration = MaxAge, LocalCacheExpiration = MaxAge };

    public ValueTask<TaskResponsibility> ResolveAsync(Guid organizationId, string taskId, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync($"rasci/{organizationId:N}/{taskId}", (Directory: this, organizationId, taskId),
            static (state, cancellation) => state.Directory.FetchAsync(state.organizationId, state.taskId, cancellation),
            Entry, [Tag(organizationId)], cancellationToken);

    /// <summary>Whether identity knows the organisation as a customer (its matrix resolves; cached like any answer).</summary>
    public async Task<bool> KnowsCustomerAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        try
        {
            await ResolveAsync(organizationId, MatrixTasks.L2L3Support, cancellationToken);
            return true;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Drops every cached answer of the organisation.</summary>
    public ValueTask InvalidateAsync(Guid organizationId) => cache.RemoveByTagAsync(Tag(organizationId));

    private static string Tag(Guid organizationId) => $"rasci-of/{organizationId:N}";

    private async ValueTask<TaskResponsibility> FetchAsync(Guid organizationId, string taskId, CancellationToken cancellationToken)
    {
        var request = new ResolveResponsibilityRequest { TaskId = taskId, OrganizationId = organizationId.ToString() };
        ResolveResponsibilityResponse response;
        try
        {
            response = await client.ResolveResponsibilityAsync(request, await token.HeadersAsync(cancellationToken), cancellationToken: cancellationToken);
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.Unauthenticated)
        {
            // The cached service token was refused (its key retired early): get a new one, once.
            token.Invalidate();
            response = await client.ResolveResponsibilityAsync(request, await token.HeadersAsync(cancellationToken), cancellationToken: cancellationToken);
        }
        // Frozen and immutable collections: the cache hands this one instance to every caller.
        return new TaskResponsibility(taskId, response.Version, response.Letters.ToFrozenDictionary(
            holders => LetterChar(holders.Letter),
            holders => (IReadOnlyList<string>)holders.Parties.Select(PartyName).ToImmutableArray()))
        {
            Contacts = response.Letters.SelectMany(holders => holders.Contacts)
                .DistinctBy(contact => (contact.PersonId, contact.Party))
                .Select(contact => new TaskContact(Guid.Parse(contact.PersonId), PartyName(contact.Party), contact.DisplayName, contact.Email, contact.Phone))
                .ToImmutableArray(),
        };
    }

    private static char LetterChar(Letter letter) => letter switch
    {
        Letter.Responsible => 'R',
        Letter.Accountable => 'A',
        Letter.Supportive => 'S',
        Letter.Consulted => 'C',
        _ => 'I',
    };

    private static string PartyName(Party party) => party switch
    {
        Party.Vendor => Caller.VendorParty,
        Party.Customer => Caller.CustomerParty,
        _ => "END_USERS",
    };
}
