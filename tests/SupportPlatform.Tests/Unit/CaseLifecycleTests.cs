extern alias cases;

using cases::SupportPlatform.Cases.Domain;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;

namespace SupportPlatform.Tests.Unit;

public sealed class CaseLifecycleTests
{
    private static readonly Guid Customer = Guid.NewGuid();

    public static TheoryData<string, CaseStatus, bool> Moves()
    {
        var allowed = new Dictionary<string, CaseStatus[]>
        {
            ["acknowledge"] = [CaseStatus.Submitted],
            ["resolve"] = [CaseStatus.Acknowledged, CaseStatus.InProgress, CaseStatus.AwaitingCustomer],
            ["close"] = [CaseStatus.Resolved],
            ["request-info"] = [CaseStatus.Acknowledged, CaseStatus.InProgress],
            ["provide-info"] = [CaseStatus.AwaitingCustomer],
            ["reopen"] = [CaseStatus.Resolved],
            ["return"] = [CaseStatus.Submitted, CaseStatus.Acknowledged],
            ["resubmit"] = [CaseStatus.ReturnedToCustomer],
            ["withdraw"] = [CaseStatus.Submitted, CaseStatus.Acknowledged, CaseStatus.InProgress, CaseStatus.AwaitingCustomer, CaseStatus.ReturnedToCustomer],
            ["start-third-party-wait"] = [CaseStatus.Acknowledged, CaseStatus.InProgress],
            ["end-third-party-wait"] = [CaseStatus.Acknowledged, CaseStatus.InProgress, CaseStatus.AwaitingCustomer],
        };
        var data = new TheoryData<string, CaseStatus, bool>();
        foreach (var (name, from) in allowed)
        {
            foreach (var status in Enum.GetValues<CaseStatus>().Where(s => s != CaseStatus.Unspecified))
            {
                data.Add(name, status, from.Contains(status));
            }
        }
        return data;
    }

    private static CaseLifecycle.Transition Named(string name) => name switch
    {
        "acknowledge" => CaseLifecycle.Acknowledge,
        "resolve" => CaseLifecycle.Resolve,
        "close" => CaseLifecycle.Close,
        "request-info" => CaseLifecycle.RequestInfo,
        "provide-info" => CaseLifecycle.ProvideInfo,
        "reopen" => CaseLifecycle.Reopen,
        "return" => CaseLifecycle.Return,
        "resubmit" => CaseLifecycle.Resubmit,
        "start-third-party-wait" => CaseLifecycle.StartThirdPartyWait,
        "end-third-party-wait" => CaseLifecycle.EndThirdPartyWait,
        _ => CaseLifecycle.Withdraw,
    };

    [Fact]
    public void ClosedAndWithdrawnCases_AreFinal()
    {
        foreach (var change in new[] { CaseLifecycle.Acknowledge, CaseLifecycle.RequestInfo, CaseLifecycle.ProvideInfo, CaseLifecycle.Resolve,
                     CaseLifecycle.Close, CaseLifecycle.Reopen, CaseLifecycle.Return, CaseLifecycle.Resubmit, CaseLifecycle.Withdraw,
                     CaseLifecycle.Assign, CaseLifecycle.ChangePriority, CaseLifecycle.Comment,
                     CaseLifecycle.StartThirdPartyWait, CaseLifecycle.EndThirdPartyWait })
        {
            Assert.DoesNotContain(CaseStatus.Closed, change.From);
            Assert.DoesNotContain(CaseStatus.Withdrawn, change.From);
        }
    }

    [Fact]
    public void EveryTransition_NamesItsHistoryAction_InPastTenseFromTheClosedSet()
    {
        var expected = new Dictionary<CaseLifecycle.Transition, string>
        {
            [CaseLifecycle.Acknowledge] = "acknowledged",
            [CaseLifecycle.RequestInfo] = "customer_info_requested",
            [CaseLifecycle.ProvideInfo] = "customer_info_provided",
            [CaseLifecycle.Resolve] = "resolved",
            [CaseLifecycle.Close] = "closed",
            [CaseLifecycle.Reopen] = "reopened",
            [CaseLifecycle.Return] = "returned",
            [CaseLifecycle.Resubmit] = "resubmitted",
            [CaseLifecycle.Withdraw] = "withdrawn",
            [CaseLifecycle.Assign] = "assigned",
            [CaseLifecycle.ChangePriority] = "priority_changed",
            [CaseLifecycle.Comment] = "comment_added",
            [CaseLifecycle.AutoClose] = "auto_closed",
            [CaseLifecycle.StartThirdPartyWait] = "third_party_wait_started",
            [CaseLifecycle.EndThirdPartyWait] = "third_party_wait_ended",
        };
        var declared = typeof(CaseLifecycle).GetFields().Where(f => f.FieldType == typeof(CaseLifecycle.Transition))
            .Select(f => (CaseLifecycle.Transition)f.GetValue(null)!).ToList();

        Assert.Equal(expected.Count, declared.Count);
        Assert.All(declared, change => Assert.Equal(expected[change], change.Action));
        Assert.All(declared, change => Assert.Contains(change.Action, HistoryActions.All));
    }

    [Fact]
    public void HistoryActions_AreExactlyTheOnesCasesProtoDocuments()
    {
        // The proto comment of HistoryEntry.action lists one action per line: //   "name"   meaning
        var proto = File.ReadAllText(Path.Combine(Infrastructure.Paths.SolutionDirectory, "protos", "support", "cases", "v1", "cases.proto"));
        var comment = proto[proto.IndexOf("message HistoryEntry", StringComparison.Ordinal)..];
        comment = comment[..comment.IndexOf("string action = 6", StringComparison.Ordinal)];
        var documented = System.Text.RegularExpressions.Regex.Matches(comment, @"//\s+""([a-z_]+)""\s").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(HistoryActions.All, documented);
        Assert.Equal(HistoryActions.All.Count, HistoryActions.All.Distinct().Count());
    }

    [Fact]
    public void CustomerSupportsL2L3Work_SoItProvidesInformation_ButDoesNotResolve()
    {
        var agent = Person(Caller.CustomerParty, Customer, Roles.L1Agent);
        Assert.True(CaseLifecycle.MayPerform(agent, CaseLifecycle.ProvideInfo, L2L3Support, Customer));
        Assert.True(CaseLifecycle.MayPerform(agent, CaseLifecycle.Comment, L2L3Support, Customer));
        Assert.False(CaseLifecycle.MayPerform(agent, CaseLifecycle.Resolve, L2L3Support, Customer));
        Assert.False(CaseLifecycle.MayPerform(agent, CaseLifecycle.Assign, L2L3Support, Customer));
    }

    [Theory]
    [InlineData("8.2.1", true, "8.2")]
    [InlineData("8.1", true, "8.1")]
    [InlineData("7.5.3", false, "7.5")]
    [InlineData("6.9.0", false, null)]
    public void EndOfSupport_ByMajorMinorLine(string version, bool supported, string? line)
    {
        var policy = new cases::SupportPlatform.Cases.Domain.EndOfSupportOptions().Versions;
        var verdict = EndOfSupport.Check(version, policy, new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(supported, verdict.Supported);
        Assert.Equal(line, verdict.PolicyVersion);
    }

    [Fact]
    public void EndOfSupport_LastDayIsStillSupported()
    {
        var policy = new Dictionary<string, DateOnly> { ["8.0"] = new(2026, 12, 31) };

        Assert.True(EndOfSupport.Check("8.0.4", policy, new DateTimeOffset(2026, 12, 31, 23, 59, 0, TimeSpan.Zero)).Supported);
        Assert.False(EndOfSupport.Check("8.0.4", policy, new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)).Supported);
    }

    [Theory]
    [MemberData(nameof(Moves))]
    public void Transition_IsAllowedOnlyFromItsStates(string transition, CaseStatus from, bool allowed)
    {
        var attempt = Record.Exception(() => CaseLifecycle.EnsureAllowed(Named(transition), from, Guid.NewGuid()));

        if (allowed)
        {
            Assert.Null(attempt);
        }
        else
        {
            var error = Assert.IsType<PreconditionException>(attempt);
            Assert.Contains(ProtoEnums.Name(from), error.Message);
        }
    }

    private static Caller Person(string party, Guid organization, params string[] roles) =>
        new(Guid.NewGuid(), organization, party, roles.ToHashSet(), false, "token");

    private static TaskResponsibility Duty(params (char Letter, string Party)[] cells) =>
        new("task", 0, cells.GroupBy(c => c.Letter).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(c => c.Party).ToList()));

    /// <summary>The default matrix: L2-3 support is the vendor's (A,R), the customer S,C,I.</summary>
    private static readonly TaskResponsibility L2L3Support = Duty(('R', Caller.VendorParty), ('A', Caller.VendorParty),
        ('S', Caller.CustomerParty), ('C', Caller.CustomerParty), ('I', Caller.CustomerParty));

    /// <summary>The default matrix: prime contact for end-users is the customer's (A,R).</summary>
    private static readonly TaskResponsibility PrimeContact = Duty(('R', Caller.CustomerParty), ('A', Caller.CustomerParty));

    [Fact]
    public void VendorWork_IsForVendorEngineers_WhenTheMatrixMakesTheVendorResponsible()
    {
        var vendor = Guid.NewGuid();
        Assert.True(CaseLifecycle.MayPerform(Person(Caller.VendorParty, vendor, Roles.L2Engineer), CaseLifecycle.Acknowledge, L2L3Support, Customer));
        Assert.True(CaseLifecycle.MayPerform(Person(Caller.VendorParty, vendor, Roles.L3Engineer), CaseLifecycle.Acknowledge, L2L3Support, Customer));
        Assert.True(CaseLifecycle.MayPerform(Person(Caller.VendorParty, vendor, Roles.SupportManager), CaseLifecycle.Acknowledge, L2L3Support, Customer));
        Assert.False(CaseLifecycle.MayPerform(Person(Caller.VendorParty, vendor, Roles.Trainer), CaseLifecycle.Acknowledge, L2L3Support, Customer));
        // Supportive, consulted and informed are not responsible.
        Assert.False(CaseLifecycle.MayPerform(Person(Caller.CustomerParty, Customer, Roles.L1Agent), CaseLifecycle.Acknowledge, L2L3Support, Customer));
    }

    [Fact]
    public void ThirdPartyWaits_AreRecordedByTheVendorWorkingTheCase_NotByTheSupportingCustomer()
    {
        foreach (var change in new[] { CaseLifecycle.StartThirdPartyWait, CaseLifecycle.EndThirdPartyWait })
        {
            Assert.True(CaseLifecycle.MayPerform(Person(Caller.VendorParty, Guid.NewGuid(), Roles.L2Engineer), change, L2L3Support, Customer));
            Assert.True(CaseLifecycle.MayPerform(Person(Caller.VendorParty, Guid.NewGuid(), Roles.SupportManager), change, L2L3Support, Customer));
            Assert.False(CaseLifecycle.MayPerform(Person(Caller.CustomerParty, Customer, Roles.L1Agent), change, L2L3Support, Customer));
            Assert.False(CaseLifecycle.MayPerform(Person(Caller.CustomerParty, Customer, Roles.CustomerAdmin), change, L2L3Support, Customer));
        }
    }

    [Fact]
    public void CustomerWork_IsForTheCasesOwnL1AgentsAndAdmins()
    {
        Assert.True(CaseLifecycle.MayPerform(Person(Caller.CustomerParty, Customer, Roles.L1Agent), CaseLifecycle.Close, PrimeContact, Customer));
        Assert.True(CaseLifecycle.MayPerform(Person(Caller.CustomerParty, Customer, Roles.CustomerAdmin), CaseLifecycle.Close, PrimeContact, Customer));
        Assert.False(CaseLifecycle.MayPerform(Person(Caller.CustomerParty, Customer, Roles.EndUser), CaseLifecycle.Close, PrimeContact, Customer));
        Assert.False(CaseLifecycle.MayPerform(Person(Caller.CustomerParty, Guid.NewGuid(), Roles.L1Agent), CaseLifecycle.Close, PrimeContact, Customer));
        Assert.False(CaseLifecycle.MayPerform(Person(Caller.VendorParty, Guid.NewGuid(), Roles.L2Engineer), CaseLifecycle.Close, PrimeContact, Customer));
    }

    [Fact]
    public void AnOverride_MovesTheWork()
    {
        // An organisation whose matrix makes the vendor responsible for closing too.
        var overridden = Duty(('R', Caller.VendorParty), ('A', Caller.CustomerParty));

        Assert.True(CaseLifecycle.MayPerform(Person(Caller.VendorParty, Guid.NewGuid(), Roles.L2Engineer), CaseLifecycle.Close, overridden, Customer));
        Assert.False(CaseLifecycle.MayPerform(Person(Caller.CustomerParty, Customer, Roles.L1Agent), CaseLifecycle.Close, overridden, Customer));
    }
}
