// A CRM connector: pushes the CRM's support tickets into SupportPlatform as cases, on behalf of
// the L1 agent who took each call, with the ticket number as the idempotent request id (running
// it twice submits nothing twice), and shows every field the platform refuses, at once.
//
//   SUPPORTPLATFORM_IDENTITY=http://localhost:5101 SUPPORTPLATFORM_CASES=http://localhost:5102 \
//   SUPPORTPLATFORM_CLIENT_ID=… SUPPORTPLATFORM_CLIENT_SECRET=… dotnet run -- tickets.json
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using SupportPlatform.Cases.V1;
using SupportPlatform.Client;
using SupportPlatform.Common.V1;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: CrmConnector <tickets.json>");
    return 2;
}

await using var services = new ServiceCollection()
    .AddSupportPlatformClient(options =>
    {
        options.Identity = new Uri(Setting("SUPPORTPLATFORM_IDENTITY"));
        options.Cases = new Uri(Setting("SUPPORTPLATFORM_CASES"));
        options.ClientId = Setting("SUPPORTPLATFORM_CLIENT_ID");
        options.ClientSecret = Setting("SUPPORTPLATFORM_CLIENT_SECRET");
    })
    .BuildServiceProvider();
var cases = services.GetRequiredService<CaseService.CaseServiceClient>();

var tickets = JsonSerializer.Deserialize<List<CrmTicket>>(await File.ReadAllTextAsync(args[0]), new JsonSerializerOptions(JsonSerializerDefaults.Web))
    ?? [];
var refused = 0;
foreach (var ticket in tickets)
{
    try
    {
        var response = await cases.SubmitCaseAsync(new SubmitCaseRequest
        {
            // The CRM's ticket number: a retry, or the next run, finds the case instead of making another.
            RequestId = "crm-" + ticket.Ticket,
            OnBehalfOfPersonId = ticket.AgentId,
            Details = ticket.ToCaseDetails(),
        });
        Console.WriteLine($"{ticket.Ticket} -> case {response.Case.CaseId} ({(response.Replayed ? "already submitted" : "submitted")})");
        if (response.Hotline is { Number.Length: > 0 } hotline)
        {
            Console.WriteLine($"{ticket.Ticket} is a P1: call the 24x7 hotline {hotline.Number} now.");
        }
    }
    catch (FieldViolationException invalid)
    {
        refused++;
        foreach (var violation in invalid.Violations)
        {
            Console.WriteLine($"{ticket.Ticket} refused: {violation.Field}: {violation.Description}");
        }
    }
    catch (SupportPlatformRpcException other)
    {
        refused++;
        Console.WriteLine($"{ticket.Ticket} refused: {other.StatusCode} {other.Reason}: {other.Status.Detail}");
    }
}
return refused == 0 ? 0 : 1;

static string Setting(string name) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"Set {name}.");

/// <summary>A support ticket as the CRM exports it.</summary>
internal sealed record CrmTicket(
    string Ticket, string AgentId, string Title, string Description, string Type, string Priority, string Deployment,
    string Component, string Version, DateTimeOffset? StartedAt, string Steps, string Expected, string Actual,
    int AffectedUsers, string ChecksDone, string Impact, bool AttestedVendorIssue)
{
    public CaseDetails ToCaseDetails() => new()
    {
        Title = Title,
        Description = Description,
        Type = Parse<CaseType>(Type),
        Priority = Parse<Priority>(Priority),
        Deployment = Parse<Deployment>(Deployment),
        AffectedComponent = Component,
        ProductVersion = Version,
        StartedAt = StartedAt is { } started ? Timestamp.FromDateTimeOffset(started) : null,
        StepsToReproduce = Steps,
        ExpectedBehavior = Expected,
        ActualBehavior = Actual,
        AffectedUsers = AffectedUsers,
        L1ChecksPerformed = ChecksDone,
        BusinessImpact = Impact,
        AttestedVendorAttributable = AttestedVendorIssue,
    };

    // "SERVICE_REQUEST" → CaseType.ServiceRequest; anything unknown stays unspecified, and the
    // platform says so next to the field.
    private static T Parse<T>(string value) where T : struct, System.Enum =>
        System.Enum.TryParse<T>(value.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) ? parsed : default;
}
