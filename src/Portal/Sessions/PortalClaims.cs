namespace SupportPlatform.Portal.Sessions;

/// <summary>The claims of the portal's cookie principal.</summary>
public static class PortalClaims
{
    /// <summary>The key of the <see cref="PortalSession"/>.</summary>
    public const string SessionKey = "portal_session";

    public const string PersonId = "sub";

    public const string OrganizationId = "org";

    /// <summary>VENDOR or CUSTOMER.</summary>
    public const string Party = "party";

    /// <summary>One claim per role, e.g. L1_AGENT.</summary>
    public const string Role = "role";

    public const string Name = "name";
}
