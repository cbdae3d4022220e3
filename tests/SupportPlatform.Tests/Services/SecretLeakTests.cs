using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using SupportPlatform.Cases.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>A stack of its own whose services log everything from Debug up into one capture, with every trace activity recorded.</summary>
public sealed class LoggedStackFixture : IAsyncLifetime
{
    private ActivityListener? listener;

    public RabbitMqBroker Broker { get; private set; } = null!;
    public ServiceStack Stack { get; private set; } = null!;
    public LogCapture Logs { get; } = new();

    /// <summary>Name, tags, events and baggage of every activity stopped in this process while the stack ran.</summary>
    public ConcurrentQueue<string> Activities { get; } = new();

    public async Task InitializeAsync()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => Activities.Enqueue(string.Join(" | ",
                new[] { activity.Source.Name, activity.DisplayName, activity.StatusDescription ?? "" }
                    .Concat(activity.TagObjects.Select(tag => $"{tag.Key}={tag.Value}"))
                    .Concat(activity.Baggage.Select(item => $"{item.Key}={item.Value}"))
                    .Concat(activity.Events.SelectMany(e => e.Tags.Select(tag => $"{e.Name}:{tag.Key}={tag.Value}"))))),
        };
        ActivitySource.AddActivityListener(listener);
        Broker = await RabbitMqBroker.StartAsync();
        Stack = await ServiceStack.StartAsync(Broker, Logs);
    }

    public async Task DisposeAsync()
    {
        await Stack.DisposeAsync();
        await Broker.DisposeAsync();
        listener?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class LoggedStackCollection : ICollectionFixture<LoggedStackFixture>
{
    public const string Name = "logged-stack";
}

/// <summary>Passwords, client secrets, their hashes, private keys and access tokens never reach logs, traces or responses.</summary>
[Collection(LoggedStackCollection.Name)]
public sealed class SecretLeakTests(LoggedStackFixture fixture)
{
    [Fact]
    public async Task SecretsHashesAndTokens_AppearInNoLogEntry_TraceOrResponse()
    {
        var stack = fixture.Stack;
        var secrets = new List<string> { ServiceStack.TestBootstrapSecret };
        var responses = new List<IMessage>();
        var admin = await stack.AdminTokenAsync();
        secrets.Add(admin);
        var customer = await stack.CreateCustomerAsync();

        // People with passwords; the agent signs in right and wrong, and an unknown address tries.
        var people = new List<(Person Person, string Password)>();
        foreach (var role in new[] { Role.L1Agent, Role.CustomerAdmin })
        {
            var password = "pw-" + Guid.NewGuid().ToString("N");
            var registered = await stack.People.RegisterPersonAsync(new RegisterPersonRequest
            {
                OrganizationId = customer.OrganizationId,
                DisplayName = "Leak test person",
                Email = $"leak-{Guid.NewGuid():N}@example.com",
                Phone = "+31201234567",
                Roles = { role },
                Password = password,
                TrainingExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(1)),
            }, Bearer(admin));
            responses.Add(registered);
            people.Add((registered.Person, password));
            secrets.Add(password);
        }
        var (agent, agentPassword) = people[0];
        var signedIn = await stack.Tokens.IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.Password, Username = agent.Email, Password = agentPassword });
        responses.Add(signedIn);
        secrets.Add(signedIn.AccessToken);
        var wrongPassword = "wrong-" + Guid.NewGuid().ToString("N");
        secrets.Add(wrongPassword);
        await ExpectUnauthenticatedAsync(stack.Tokens.IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.Password, Username = agent.Email, Password = wrongPassword }));
        await ExpectUnauthenticatedAsync(stack.Tokens.IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.Password, Username = "unknown-" + agent.Email, Password = wrongPassword }));

        // A service account: right and wrong secret.
        var account = await stack.Organizations.CreateServiceAccountAsync(new CreateServiceAccountRequest
        {
            OrganizationId = customer.OrganizationId, DisplayName = "Leak test integration", Roles = { Role.Integration },
        }, Bearer(admin));
        secrets.Add(account.ClientSecret);
        var accountToken = await stack.Tokens.IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.ClientCredentials, ClientId = account.ClientId, ClientSecret = account.ClientSecret });
        responses.Add(accountToken);
        secrets.Add(accountToken.AccessToken);
        var wrongSecret = "wrong-secret-" + Guid.NewGuid().ToString("N");
        secrets.Add(wrongSecret);
        await ExpectUnauthenticatedAsync(stack.Tokens.IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.ClientCredentials, ClientId = account.ClientId, ClientSecret = wrongSecret }));

        // The tokens at work: cases forwards the agent's token to identity; a broken token is refused.
        var submitted = await stack.Cases.SubmitCaseAsync(ValidCase(), Bearer(signedIn.AccessToken));
        await stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = submitted.Case.CaseId }, Bearer(signedIn.AccessToken));
        await ExpectUnauthenticatedAsync(stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = submitted.Case.CaseId }, Bearer(signedIn.AccessToken[..^4] + "AAAA")));
        foreach (var (person, _) in people)
        {
            responses.Add(await stack.People.GetPersonAsync(new GetPersonRequest { PersonId = person.PersonId }, Bearer(admin)));
            responses.Add(await stack.People.GetPersonAsync(new GetPersonRequest { PersonId = person.PersonId }, Bearer(accountToken.AccessToken)));
        }
        responses.Add(await stack.Organizations.GetOrganizationAsync(new GetOrganizationRequest { OrganizationId = customer.OrganizationId }, Bearer(accountToken.AccessToken)));
        responses.Add(await stack.Tokens.RotateSigningKeysAsync(new RotateSigningKeysRequest(), Bearer(admin)));
        responses.Add(await stack.Tokens.GetJwksAsync(new GetJwksRequest()));

        // What identity stores: password and secret hashes and the private keys.
        var stored = await StoredSecretsAsync(stack.DatabaseFile("identitydb"));
        Assert.True(stored.Count >= 2 + 2 + 2 * 3, "the hashes of both passwords and both secrets and at least three private keys were read");
        var forbidden = secrets.Concat(stored).ToList();

        var logs = fixture.Logs.Entries;
        var traces = fixture.Activities.ToArray();
        // The capture really sees Debug entries and the requests of this test.
        Assert.Contains(logs, entry => entry.StartsWith("Debug ", StringComparison.Ordinal));
        Assert.Contains(logs, entry => entry.Contains("/support.identity.v1.TokenService/IssueToken", StringComparison.Ordinal));
        Assert.Contains(traces, activity => activity.Contains("support.cases.v1.CaseService/SubmitCase", StringComparison.Ordinal));
        foreach (var secret in forbidden)
        {
            var inLogs = logs.FirstOrDefault(entry => entry.Contains(secret, StringComparison.Ordinal));
            Assert.True(inLogs is null, $"A log entry contains a secret ({secret[..Math.Min(12, secret.Length)]}…): {inLogs}");
            var inTraces = traces.FirstOrDefault(activity => activity.Contains(secret, StringComparison.Ordinal));
            Assert.True(inTraces is null, $"A trace activity contains a secret ({secret[..Math.Min(12, secret.Length)]}…): {inTraces}");
        }
        foreach (var response in responses)
        {
            var text = JsonFormatter.Default.Format(response);
            Assert.DoesNotContain(stored, value => text.Contains(value, StringComparison.Ordinal));
            Assert.DoesNotContain(people, person => text.Contains(person.Password, StringComparison.Ordinal));
        }
    }

    private static async Task ExpectUnauthenticatedAsync<T>(AsyncUnaryCall<T> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    /// <summary>
    /// Every stored password and secret hash, whole and its hash part alone, and a line from the
    /// middle of every private key (a leak may print only part of a value).
    /// </summary>
    private static async Task<List<string>> StoredSecretsAsync(string databaseFile)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT password_hash FROM people WHERE password_hash IS NOT NULL
            UNION ALL SELECT secret_hash FROM service_accounts WHERE secret_hash <> 'disabled'
            UNION ALL SELECT private_key FROM signing_keys
            """;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var value = reader.GetString(0);
            if (value.StartsWith("-----BEGIN", StringComparison.Ordinal))
            {
                var lines = value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                values.Add(lines[lines.Length / 2]);
            }
            else
            {
                values.Add(value);
                values.Add(value[(value.LastIndexOf('$') + 1)..]);
            }
        }
        return values;
    }
}
