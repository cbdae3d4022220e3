using System.Collections.Concurrent;
using Grpc.Core;
using MassTransit;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.BuildingBlocks.Responsibility;

/// <summary>Well-known task ids of the RASCI matrix that services act on.</summary>
public static class MatrixTasks
{
    public const string SubmittingCases = "submitting-cases";
    public const string PrimeContactForEndUsers = "prime-contact-end-users";
    public const string L2L3Support = "l2-l3-support";
    public const string RcaVendorCaused = "rca-p1-vendor-caused";
    public const string RcaOtherCauses = "rca-p1-other-causes";
    public const string SupportedVersionUpgrades = "supported-version-upgrades";
}

/// <summary>Who holds which letter of one task for one organisation.</summary>
public sealed record TaskResponsibility(string TaskId, long Version, IReadOnlyDictionary<char, IReadOnlyList<string>> Holders)
{
    public bool Holds(string party, char letter) => Holders.TryGetValue(letter, out var parties) && parties.Contains(party);

    /// <summary>The accountable party (the first when several).</summary>
    public string? Accountable => Holders.TryGetValue('A', out var parties) ? parties.FirstOrDefault() : null;
}

/// <summary>
/// Answers "who does what" from the identity service's matrix, cached per organisation and task.
/// Entries are dropped when a <see cref="ResponsibilityMatrixChanged"/> event arrives (and after
/// <see cref="MaxAge"/> in any case, should an event be missed).
/// </summary>
public sealed class ResponsibilityDirectory(ResponsibilityService.ResponsibilityServiceClient client, ServiceToken token, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<(Guid Organization, string Task), (TaskResponsibility Answer, DateTimeOffset FetchedAt)> cache = new();

    public async Task<TaskResponsibility> ResolveAsync(Guid organizationId, string taskId, CancellationToken cancellationToken)
    {
        var key = (organizationId, taskId);
        if (cache.TryGetValue(key, out var entry) && clock.GetUtcNow() - entry.FetchedAt < MaxAge)
        {
            return entry.Answer;
        }
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
        var answer = new TaskResponsibility(taskId, response.Version, response.Letters.ToDictionary(
            holders => LetterChar(holders.Letter),
            holders => (IReadOnlyList<string>)holders.Parties.Select(PartyName).ToList()));
        cache[key] = (answer, clock.GetUtcNow());
        return answer;
    }

    /// <summary>Drops every cached answer of the organisation.</summary>
    public void Invalidate(Guid organizationId)
    {
        foreach (var key in cache.Keys.Where(key => key.Organization == organizationId))
        {
            cache.TryRemove(key, out _);
        }
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

/// <summary>Drops cached matrix answers of an organisation whose matrix changed.</summary>
public sealed class MatrixChangedConsumer(ResponsibilityDirectory directory) : IConsumer<ResponsibilityMatrixChanged>
{
    public Task Consume(ConsumeContext<ResponsibilityMatrixChanged> context)
    {
        directory.Invalidate(context.Message.OrganizationId);
        return Task.CompletedTask;
    }
}
