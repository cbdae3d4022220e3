namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>Which roles act for a party when the RASCI matrix gives it a part in a task.</summary>
public static class PartyRoles
{
    /// <summary>The roles that act for <paramref name="party"/>: vendor engineers and support managers; customer L1 agents, admins and integrations.</summary>
    public static IReadOnlyList<string> ActingFor(string party) => party switch
    {
        Caller.VendorParty => [Roles.L2Engineer, Roles.L3Engineer, Roles.SupportManager],
        Caller.CustomerParty => [Roles.L1Agent, Roles.CustomerAdmin, Roles.Integration],
        _ => [],
    };

    /// <summary>Whether the caller acts for <paramref name="party"/>: it is that party and holds one of its acting roles.</summary>
    public static bool ActsFor(Caller caller, string party) =>
        caller.MatrixParty == party && caller.HasAnyRole([.. ActingFor(party)]);
}
