using Grpc.Core;
using Microsoft.Extensions.Caching.Hybrid;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Cases.Domain;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Cases.Application;

/// <summary>
/// Whether a person may submit for an organisation, asked of identity once and then remembered
/// (HybridCache), so a submission does not cost an identity round trip. An answer is dropped when
/// identity says the person (<see cref="PersonChanged"/>) or the contract
/// (<see cref="SupportContractChanged"/>) changed — every replica hears both — and after
/// <see cref="MaxAge"/> in any case, which bounds how late a training that expires by the clock
/// alone is noticed.
/// </summary>
public sealed class SubmitterDirectory(PeopleService.PeopleServiceClient people, HybridCache cache)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private static readonly HybridCacheEntryOptions Entry = new() { Expiration = MaxAge, LocalCacheExpiration = MaxAge };

    /// <param name="personId">The submitter.</param>
    /// <param name="organizationId">The organisation the case is for.</param>
    /// <param name="accessToken">The caller's token, forwarded: identity decides what the caller may ask.</param>
    /// <param name="cancellationToken">Cancels the wait (and identity's call when this caller made it).</param>
    public ValueTask<SubmitterAnswer> CheckAsync(Guid personId, Guid organizationId, string accessToken, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync($"submitter/{personId:N}/{organizationId:N}", (people, personId, organizationId, accessToken),
            static async (state, cancellation) => Answer(await state.people.CheckSubmitterAsync(
                new CheckSubmitterRequest { PersonId = state.personId.ToString(), OrganizationId = state.organizationId.ToString() },
                new Metadata { { "authorization", "Bearer " + state.accessToken } }, cancellationToken: cancellation)),
            Entry, [PersonTag(personId), OrganizationTag(organizationId)], cancellationToken);

    public ValueTask ForgetPersonAsync(Guid personId) => cache.RemoveByTagAsync(PersonTag(personId));

    public ValueTask ForgetOrganizationAsync(Guid organizationId) => cache.RemoveByTagAsync(OrganizationTag(organizationId));

    private static SubmitterAnswer Answer(CheckSubmitterResponse response) => new(
        response.Authorized, [.. response.Reasons], response.ContractValid, response.ContractProblem,
        new ContractFacts(
            ProtoEnums.Name(response.Organization.Plan),
            response.Organization.Deployment == Deployment.OnPremises ? Deployment.OnPremises : Deployment.Cloud,
            response.Organization.ProductVersion));

    private static string PersonTag(Guid personId) => $"submitter-person/{personId:N}";

    private static string OrganizationTag(Guid organizationId) => $"submitter-organization/{organizationId:N}";
}
