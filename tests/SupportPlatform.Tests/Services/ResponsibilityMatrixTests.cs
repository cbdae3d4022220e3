using System.Text.RegularExpressions;
using Grpc.Core;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

[Collection(StackCollection.Name)]
public sealed partial class ResponsibilityMatrixTests(StackFixture fixture)
{
    private readonly ServiceStack stack = fixture.Stack;

    /// <summary>One row of the agreement's RASCI table as the document prints it.</summary>
    private sealed record DocumentRow(string Scope, string Name, IReadOnlyList<string> Groups);

    /// <summary>
    /// Reads the table of docs/operational-support-rasci.txt (the agreement, as received): the
    /// task text, then its letter groups ("A, R", "S, C, I") in column order — vendor, customer,
    /// end-users — with empty cells left out; section lines set the scope.
    /// </summary>
    private static IReadOnlyList<DocumentRow> ReadDocument()
    {
        var lines = File.ReadAllLines(Path.Combine(Paths.SolutionDirectory, "docs", "operational-support-rasci.txt"));
        var start = Array.FindIndex(lines, line => line.StartsWith("Task & Involved party", StringComparison.Ordinal)) + 1;
        var rows = new List<DocumentRow>();
        var scope = "GENERAL";
        foreach (var line in lines.Skip(start).TakeWhile(line => !string.IsNullOrWhiteSpace(line)))
        {
            if (line == "Dialogue Cloud deployment specific")
            {
                scope = "CLOUD";
                continue;
            }
            if (line == "On-premises deployment specific")
            {
                scope = "ON_PREMISES";
                continue;
            }
            var match = Row().Match(line);
            Assert.True(match.Success, $"Not a task row: {line}");
            var groups = GroupSplit().Split(match.Groups["letters"].Value.Trim()).ToList();
            rows.Add(new DocumentRow(scope, match.Groups["name"].Value, groups));
        }
        return rows;
    }

    private static string Text(IEnumerable<Letter> letters)
    {
        // The document writes A before R ("A, R"); otherwise R, A, S, C, I order.
        var names = letters.Select(letter => letter switch
        {
            Letter.Responsible => "R",
            Letter.Accountable => "A",
            Letter.Supportive => "S",
            Letter.Consulted => "C",
            _ => "I",
        }).ToList();
        return string.Join(", ", names);
    }

    [Fact]
    public async Task DefaultMatrix_IsTheAgreementsTable_CellByCell()
    {
        var admin = await stack.AdminTokenAsync();
        var document = ReadDocument();

        var matrix = await stack.Responsibilities.GetMatrixAsync(new GetMatrixRequest(), Bearer(admin));

        Assert.Equal(18, document.Count);
        Assert.Equal(document.Count, matrix.Tasks.Count);
        foreach (var (row, task) in document.Zip(matrix.Tasks))
        {
            Assert.Equal(row.Name, task.Name);
            Assert.Equal(row.Scope, ProtoEnums.Name(task.Scope));
            Assert.Equal([Party.Vendor, Party.Customer, Party.EndUsers], task.Assignments.Select(a => a.Party));
            var cells = task.Assignments.Where(a => a.Letters.Count > 0).ToList();
            Assert.Equal(row.Groups.Count, cells.Count);
            foreach (var (group, cell) in row.Groups.Zip(cells))
            {
                Assert.Equal(group.Split(", ").Order(), Text(cell.Letters).Split(", ").Order());
            }
            Assert.All(task.Assignments, a => Assert.False(a.Overridden));
        }
    }

    [Fact]
    public async Task DefaultMatrix_GivesWhatTheServicesRelyOn()
    {
        var admin = await stack.AdminTokenAsync();
        var tasks = (await stack.Responsibilities.GetMatrixAsync(new GetMatrixRequest(), Bearer(admin))).Tasks.ToDictionary(t => t.TaskId);

        string Cell(string task, Party party) => Text(tasks[task].Assignments.Single(a => a.Party == party).Letters);

        Assert.Equal("R, A", Cell("submitting-cases", Party.Customer));
        Assert.Equal("R, A", Cell("l2-l3-support", Party.Vendor));
        Assert.Equal("S, C, I", Cell("l2-l3-support", Party.Customer));
        Assert.Equal("R, A", Cell("rca-p1-vendor-caused", Party.Vendor));
        Assert.Equal("R, A", Cell("rca-p1-other-causes", Party.Customer));
        Assert.Equal("S, C, I", Cell("rca-p1-other-causes", Party.Vendor));
        Assert.Equal("R, A", Cell("change-request-end-user", Party.Customer));
        Assert.Equal("S, C", Cell("change-request-end-user", Party.Vendor));
        Assert.Equal("C, I", Cell("change-request-end-user", Party.EndUsers));
    }

    [Fact]
    public async Task Override_IsVersioned_Audited_AndOnlyForThatOrganisation()
    {
        var admin = await stack.AdminTokenAsync();
        var customer = await stack.CreateCustomerAsync();
        var other = await stack.CreateCustomerAsync();
        var before = await stack.Responsibilities.GetMatrixAsync(new GetMatrixRequest { OrganizationId = customer.OrganizationId }, Bearer(admin));
        Assert.Equal(0, before.Version);

        var changed = await stack.Responsibilities.SetMatrixOverrideAsync(new SetMatrixOverrideRequest
        {
            OrganizationId = customer.OrganizationId,
            TaskId = "change-request-end-user",
            Party = Party.EndUsers,
            Letters = { Letter.Informed },
            ExpectedVersion = 0,
            Reason = "End-users are only informed under this customer's contract.",
        }, Bearer(admin));
        var stale = await Assert.ThrowsAsync<RpcException>(() => stack.Responsibilities.SetMatrixOverrideAsync(new SetMatrixOverrideRequest
        {
            OrganizationId = customer.OrganizationId,
            TaskId = "change-request-end-user",
            Party = Party.EndUsers,
            Letters = { Letter.Consulted },
            ExpectedVersion = 0,
            Reason = "A concurrent edit from a stale read.",
        }, Bearer(admin)).ResponseAsync);

        Assert.Equal(1, changed.Version);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        var after = await stack.Responsibilities.GetMatrixAsync(new GetMatrixRequest { OrganizationId = customer.OrganizationId }, Bearer(admin));
        var cell = after.Tasks.Single(t => t.TaskId == "change-request-end-user").Assignments.Single(a => a.Party == Party.EndUsers);
        Assert.Equal(1, after.Version);
        Assert.Equal([Letter.Informed], cell.Letters);
        Assert.True(cell.Overridden);
        var untouched = await stack.Responsibilities.GetMatrixAsync(new GetMatrixRequest { OrganizationId = other.OrganizationId }, Bearer(admin));
        Assert.Equal(0, untouched.Version);
        Assert.Equal([Letter.Consulted, Letter.Informed],
            untouched.Tasks.Single(t => t.TaskId == "change-request-end-user").Assignments.Single(a => a.Party == Party.EndUsers).Letters);

        var history = (await stack.Responsibilities.ListMatrixOverridesAsync(
            new ListMatrixOverridesRequest { OrganizationId = customer.OrganizationId }, Bearer(admin))).Overrides;
        var entry = Assert.Single(history);
        Assert.Equal([Letter.Consulted, Letter.Informed], entry.PreviousLetters);
        Assert.Equal([Letter.Informed], entry.Letters);
        Assert.Equal(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(admin).Subject, entry.ChangedBy);
        Assert.Contains("only informed", entry.Reason);
    }

    [Fact]
    public async Task Customers_ReadOnlyTheirOwnMatrix_AndCannotChangeIt()
    {
        var customer = await stack.CreateCustomerAsync();
        var other = await stack.CreateCustomerAsync();
        var admin = await stack.CreatePersonAsync(customer.OrganizationId, Role.CustomerAdmin);

        var own = await stack.Responsibilities.GetMatrixAsync(new GetMatrixRequest { OrganizationId = customer.OrganizationId }, Bearer(admin.Token));
        var foreign = await Assert.ThrowsAsync<RpcException>(() =>
            stack.Responsibilities.GetMatrixAsync(new GetMatrixRequest { OrganizationId = other.OrganizationId }, Bearer(admin.Token)).ResponseAsync);
        var change = await Assert.ThrowsAsync<RpcException>(() => stack.Responsibilities.SetMatrixOverrideAsync(new SetMatrixOverrideRequest
        {
            OrganizationId = customer.OrganizationId, TaskId = "submitting-cases", Party = Party.Vendor,
            Letters = { Letter.Responsible }, ExpectedVersion = 0, Reason = "Let the vendor submit for us.",
        }, Bearer(admin.Token)).ResponseAsync);

        Assert.Equal(18, own.Tasks.Count);
        Assert.Equal(StatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, change.StatusCode);
    }

    [Fact]
    public async Task ResolveResponsibility_NamesPartiesAndPeopleByRole()
    {
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var endUser = await stack.CreatePersonAsync(customer.OrganizationId, Role.EndUser);
        var engineer = await stack.CreateVendorEngineerAsync();

        var answer = await stack.Responsibilities.ResolveResponsibilityAsync(
            new ResolveResponsibilityRequest { TaskId = "l2-l3-support", OrganizationId = customer.OrganizationId }, Bearer(agent.Token));

        var responsible = answer.Letters.Single(l => l.Letter == Letter.Responsible);
        Assert.Equal([Party.Vendor], responsible.Parties);
        Assert.Contains(responsible.Contacts, c => c.PersonId == engineer.Person.PersonId && c.Roles.Contains(Role.L2Engineer));
        Assert.DoesNotContain(responsible.Contacts, c => c.Party != Party.Vendor);
        var informed = answer.Letters.Single(l => l.Letter == Letter.Informed);
        Assert.Equal([Party.Customer], informed.Parties);
        Assert.Contains(informed.Contacts, c => c.PersonId == agent.Person.PersonId);
        Assert.DoesNotContain(informed.Contacts, c => c.PersonId == endUser.Person.PersonId);
        Assert.Equal([Letter.Responsible, Letter.Accountable, Letter.Supportive, Letter.Consulted, Letter.Informed], answer.Letters.Select(l => l.Letter));
    }

    [GeneratedRegex(@"^(?<name>.+?) (?<letters>[RASCI](?:,? [RASCI])*)$")]
    private static partial Regex Row();

    [GeneratedRegex(@"(?<=[RASCI]) (?=[RASCI])")]
    private static partial Regex GroupSplit();
}
