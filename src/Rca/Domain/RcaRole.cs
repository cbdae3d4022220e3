namespace SupportPlatform.Rca.Domain;

/// <summary>The part a caller must play in an RCA to make a change (see <see cref="RcaParties"/>).</summary>
public enum RcaRole
{
    /// <summary>A person acting for a party that holds A or R: writes the analysis.</summary>
    Author,
    /// <summary>An author, or the person an action names as its owner.</summary>
    AuthorOrActionOwner,
    /// <summary>A person acting for the supporting party.</summary>
    Reviewer,
    /// <summary>A person acting for the accountable party.</summary>
    Owner,
    /// <summary>A vendor engineer or support manager: the cause is the vendor's technical finding.</summary>
    VendorEngineer,
    /// <summary>A person acting for the vendor or for the RCA's customer.</summary>
    EitherParty,
}
