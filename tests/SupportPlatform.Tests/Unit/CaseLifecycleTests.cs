extern alias cases;

using cases::SupportPlatform.Cases.Domain;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Cases.V1;

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
        _ => CaseLifecycle.Close,
    };

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

    [Fact]
    public void VendorWork_IsForVendorEngineersOnly()
    {
        var vendor = Guid.NewGuid();
        Assert.True(CaseLifecycle.IsActor(Person(Caller.VendorParty, vendor, Roles.L2Engineer), Actor.VendorEngineer, Customer));
        Assert.True(CaseLifecycle.IsActor(Person(Caller.VendorParty, vendor, Roles.L3Engineer), Actor.VendorEngineer, Customer));
        Assert.False(CaseLifecycle.IsActor(Person(Caller.VendorParty, vendor, Roles.Trainer), Actor.VendorEngineer, Customer));
        Assert.False(CaseLifecycle.IsActor(Person(Caller.CustomerParty, Customer, Roles.L1Agent), Actor.VendorEngineer, Customer));
    }

    [Fact]
    public void CustomerWork_IsForTheCasesOwnL1AgentsAndAdmins()
    {
        Assert.True(CaseLifecycle.IsActor(Person(Caller.CustomerParty, Customer, Roles.L1Agent), Actor.CustomerStaff, Customer));
        Assert.True(CaseLifecycle.IsActor(Person(Caller.CustomerParty, Customer, Roles.CustomerAdmin), Actor.CustomerStaff, Customer));
        Assert.False(CaseLifecycle.IsActor(Person(Caller.CustomerParty, Customer, Roles.EndUser), Actor.CustomerStaff, Customer));
        Assert.False(CaseLifecycle.IsActor(Person(Caller.CustomerParty, Guid.NewGuid(), Roles.L1Agent), Actor.CustomerStaff, Customer));
        Assert.False(CaseLifecycle.IsActor(Person(Caller.VendorParty, Guid.NewGuid(), Roles.L2Engineer), Actor.CustomerStaff, Customer));
    }
}
