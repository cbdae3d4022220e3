using System.Collections.Concurrent;
using Grpc.Core;
using MassTransit;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Identity.V1;
using SupportPlatform.Cases.Domain;

namespace SupportPlatform.Cases.Application;

/// <summary>
/// Whether a person may submit for an organisation, asked of identity once and then remembered,
/// so a submission does not cost an identity round trip. An answer is dropped when identity says
/// the person (<see cref="PersonChanged"/>) or the contract (<see cref="SupportContractChanged"/>)
/// changed, and after <see cref="MaxAge"/> in any case — which bounds how late a training that
/// expires by the clock alone is noticed.
/// </summary>
public sealed class SubmitterDirectory(PeopleService.PeopleServiceClient people, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(Guid Person, Guid Organization), (CheckSubmitterResponse Answer, DateTimeOffset At)> answers = new();

    /// <param name="accessToken">The caller's token, forwarded: identity decides what the caller may ask.</param>
    public async Task<CheckSubmitterResponse> CheckAsync(Guid personId, Guid organizationId, string accessToken, CancellationToken cancellationToken)
    {
        var key = (personId, organizationId);
        if (answers.TryGetValue(key, out var known) && clock.GetUtcNow() - known.At < MaxAge)
        {
            return known.Answer;
        }
        var answer = await people.CheckSubmitterAsync(
            new CheckSubmitterRequest { PersonId = personId.ToString(), OrganizationId = organizationId.ToString() },
            new Metadata { { "authorization", "Bearer " + accessToken } }, cancellationToken: cancellationToken);
        answers[key] = (answer, clock.GetUtcNow());
        return answer;
    }

    public void ForgetPerson(Guid personId)
    {
        foreach (var key in answers.Keys.Where(key => key.Person == personId))
        {
            answers.TryRemove(key, out _);
        }
    }

    public void ForgetOrganization(Guid organizationId)
    {
        foreach (var key in answers.Keys.Where(key => key.Organization == organizationId))
        {
            answers.TryRemove(key, out _);
        }
    }
}
