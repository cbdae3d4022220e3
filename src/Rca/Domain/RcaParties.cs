using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.BuildingBlocks.Security;

namespace SupportPlatform.Rca.Domain;

/// <summary>
/// Who plays which part in one RCA, from the organisation's matrix row for its cause: the
/// Accountable party owns and publishes it, the parties holding A or R write it, and the party
/// holding S (else C) reviews it — by default the vendor writes a vendor-caused RCA and the
/// customer reviews it, and the other way round for every other cause. Pure: no I/O.
/// </summary>
/// <param name="Owner">VENDOR or CUSTOMER: the Accountable party.</param>
/// <param name="Authors">The parties that write it (A or R).</param>
/// <param name="Reviewer">VENDOR or CUSTOMER: the supporting party, never the owner.</param>
public sealed record RcaParties(string Owner, IReadOnlySet<string> Authors, string Reviewer)
{
    private static readonly string[] Contracting = [Caller.VendorParty, Caller.CustomerParty];

    public static RcaParties From(TaskResponsibility duty)
    {
        var owner = Contracting.FirstOrDefault(party => duty.Holds(party, 'A'))
            ?? throw new InvalidOperationException($"Neither the vendor nor the customer is accountable for '{duty.TaskId}' in the matrix.");
        var authors = Contracting.Where(party => duty.Holds(party, 'A') || duty.Holds(party, 'R')).ToHashSet();
        var reviewer = Contracting.Where(party => party != owner).FirstOrDefault(party => duty.Holds(party, 'S'))
            ?? Contracting.Where(party => party != owner).FirstOrDefault(party => duty.Holds(party, 'C'))
            ?? Other(owner);
        return new RcaParties(owner, authors, reviewer);
    }

    /// <summary>The other contracting party.</summary>
    public static string Other(string party) => party == Caller.VendorParty ? Caller.CustomerParty : Caller.VendorParty;
}
