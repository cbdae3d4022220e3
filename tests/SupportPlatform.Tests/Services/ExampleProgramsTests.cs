using System.Diagnostics;
using System.Text.Json;
using SupportPlatform.Cases.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using SupportPlatform.Tests.Shared;
using Xunit.Abstractions;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// The two example programs in examples/, built as an integrator builds them — against the
/// packed SupportPlatform.Client from a local folder feed, restored into a fresh package folder
/// (so the package must stand alone) — and run against the service stack.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ExampleProgramsTests(StackFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task TheCrmConnector_SubmitsOnceAndShowsEveryViolation_AndTheMonitor_ResumesWhereItStopped()
    {
        var stack = fixture.Stack;
        var root = Paths.SolutionDirectory;
        var work = Directory.CreateTempSubdirectory("sp-examples-").FullName;
        await DotnetAsync(root, "pack", "src/SupportPlatform.Client", "-o", Path.Combine(root, "examples", "packages"));
        var packages = Path.Combine(work, "nuget");
        await DotnetAsync(Path.Combine(root, "examples", "CrmConnector"), "build", "--packages", packages, "-o", Path.Combine(work, "crm"));
        await DotnetAsync(Path.Combine(root, "examples", "CaseMonitor"), "build", "--packages", packages, "-o", Path.Combine(work, "monitor"));

        var admin = await stack.AdminTokenAsync();
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        var account = await stack.Organizations.CreateServiceAccountAsync(new CreateServiceAccountRequest
        {
            OrganizationId = customer.OrganizationId, DisplayName = "CRM connector", Roles = { Role.Integration },
        }, Bearer(admin));
        var environment = new Dictionary<string, string>
        {
            ["SUPPORTPLATFORM_IDENTITY"] = stack.GrpcAddresses["identity"].ToString(),
            ["SUPPORTPLATFORM_CASES"] = stack.GrpcAddresses["cases"].ToString(),
            ["SUPPORTPLATFORM_CLIENT_ID"] = account.ClientId,
            ["SUPPORTPLATFORM_CLIENT_SECRET"] = account.ClientSecret,
        };

        // Three CRM tickets, the last without a title and a business impact.
        var tickets = Path.Combine(work, "tickets.json");
        var ticket = new Dictionary<string, object>
        {
            ["agentId"] = agent.Person.PersonId, ["title"] = "Inbound calls drop after thirty seconds",
            ["description"] = "Every inbound call to the main queue drops after about thirty seconds.", ["type"] = "INCIDENT",
            ["priority"] = "P2", ["deployment"] = "CLOUD", ["component"] = "Dialogue Cloud", ["version"] = "8.2.1",
            ["startedAt"] = DateTimeOffset.UtcNow.AddHours(-1), ["steps"] = "Call the main number.", ["expected"] = "The call continues.",
            ["actual"] = "The call drops.", ["affectedUsers"] = 40, ["checksDone"] = "SBC and trunk healthy.",
            ["impact"] = "Half the contact centre cannot take calls.", ["attestedVendorIssue"] = true,
        };
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await File.WriteAllTextAsync(tickets, JsonSerializer.Serialize(new[]
        {
            new Dictionary<string, object>(ticket) { ["ticket"] = $"INC-{suffix}-1" },
            new Dictionary<string, object>(ticket) { ["ticket"] = $"INC-{suffix}-2", ["priority"] = "P3", ["impact"] = "" },
            new Dictionary<string, object>(ticket) { ["ticket"] = $"INC-{suffix}-3", ["title"] = "", ["impact"] = "" },
        }));

        var first = await RunAsync(Path.Combine(work, "crm", "CrmConnector.dll"), environment, tickets);
        Assert.Equal(1, first.ExitCode);
        var submitted = CaseIds(first.Lines, "submitted");
        Assert.Equal(2, submitted.Count);
        Assert.Contains($"INC-{suffix}-3 refused: details.title: is required", first.Lines);
        Assert.Contains(first.Lines, line => line.StartsWith($"INC-{suffix}-3 refused: details.business_impact:", StringComparison.Ordinal));
        // Run again (a retry, the next sync): the same cases, nothing new.
        var second = await RunAsync(Path.Combine(work, "crm", "CrmConnector.dll"), environment, tickets);
        Assert.Equal(submitted, CaseIds(second.Lines, "already submitted"));
        var listed = await stack.Cases.ListCasesAsync(new ListCasesRequest { OrganizationId = customer.OrganizationId, PageSize = 10 }, Bearer(engineer.Token));
        Assert.Equal(submitted.Values.Order(), listed.Cases.Select(c => c.CaseId).Order());

        // The monitor starts after the last change so far, follows two changes, stops; two more
        // happen while it is down; started again, it prints exactly those.
        var one = submitted[$"INC-{suffix}-1"];
        var two = submitted[$"INC-{suffix}-2"];
        var history = await stack.Cases.ListCaseHistoryAsync(new ListCaseHistoryRequest { CaseId = two }, Bearer(engineer.Token));
        var positionFile = Path.Combine(work, "monitor.position");
        await File.WriteAllTextAsync(positionFile, history.Entries.Max(entry => entry.Position).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await AcknowledgeAsync(one, engineer.Token);
        await CommentAsync(two, agent.Token, "The SBC log of one dropped call is attached.");
        var monitor = new[] { "--position-file", positionFile, "--max-events", "2", "--max-seconds", "60" };
        var before = await RunAsync(Path.Combine(work, "monitor", "CaseMonitor.dll"), environment, monitor);
        await CommentAsync(one, agent.Token, "It happens on the second site too.");
        await AcknowledgeAsync(two, engineer.Token);
        var after = await RunAsync(Path.Combine(work, "monitor", "CaseMonitor.dll"), environment, monitor);

        Assert.Equal([$"{one} acknowledged", $"{two} comment_added"], Changes(before.Lines));
        Assert.Equal($"resuming after position {Positions(before.Lines)[^1]}", after.Lines[0]);
        Assert.Equal([$"{one} comment_added", $"{two} acknowledged"], Changes(after.Lines));
        Assert.True(Positions(after.Lines)[0] > Positions(before.Lines)[^1]);
    }

    private async Task AcknowledgeAsync(string caseId, string token)
    {
        var current = (await fixture.Stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId }, Bearer(token))).Case;
        await fixture.Stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = caseId, Version = current.Version }, Bearer(token));
    }

    private async Task CommentAsync(string caseId, string token, string body)
    {
        var current = (await fixture.Stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId }, Bearer(token))).Case;
        await fixture.Stack.Cases.AddCommentAsync(new AddCommentRequest
        {
            CaseId = caseId, Version = current.Version, Body = body, Visibility = CommentVisibility.Public,
        }, Bearer(token));
    }

    /// <summary>"TICKET -> case ID (how)" lines: ticket → case id.</summary>
    private static Dictionary<string, string> CaseIds(IEnumerable<string> lines, string how) =>
        lines.Where(line => line.EndsWith($"({how})", StringComparison.Ordinal))
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => parts[3]);

    /// <summary>"position N case ID action STATUS" lines: "ID action".</summary>
    private static List<string> Changes(IEnumerable<string> lines) =>
        [.. lines.Where(line => line.StartsWith("position ", StringComparison.Ordinal)).Select(line => line.Split(' ')).Select(parts => $"{parts[3]} {parts[4]}")];

    private static List<long> Positions(IEnumerable<string> lines) =>
        [.. lines.Where(line => line.StartsWith("position ", StringComparison.Ordinal)).Select(line => long.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))];

    private async Task DotnetAsync(string directory, params string[] arguments)
    {
        var result = await ProcessAsync(directory, "dotnet", new Dictionary<string, string>(), arguments);
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed:{Environment.NewLine}{string.Join(Environment.NewLine, result.Lines.TakeLast(30))}");
    }

    private Task<(int ExitCode, List<string> Lines)> RunAsync(string assembly, Dictionary<string, string> environment, params string[] arguments) =>
        ProcessAsync(Path.GetDirectoryName(assembly)!, "dotnet", environment, [assembly, .. arguments]);

    private async Task<(int ExitCode, List<string> Lines)> ProcessAsync(string directory, string program, IReadOnlyDictionary<string, string> environment, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        foreach (var line in lines.Concat((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)))
        {
            output.WriteLine(line);
        }
        return (process.ExitCode, lines);
    }
}
