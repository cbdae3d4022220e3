namespace SupportPlatform.Identity.Domain;

/// <summary>Where a signing key is in its life.</summary>
public static class KeyStatus
{
    /// <summary>Published in the JWKS but signs nothing yet, so every cache knows it before it signs.</summary>
    public const string Next = "NEXT";

    /// <summary>Signs new tokens; published. Exactly one.</summary>
    public const string Current = "CURRENT";

    /// <summary>Signed until the last rotation; published until the tokens it signed have expired.</summary>
    public const string Previous = "PREVIOUS";

    /// <summary>Neither signs nor verifies.</summary>
    public const string Retired = "RETIRED";
}
