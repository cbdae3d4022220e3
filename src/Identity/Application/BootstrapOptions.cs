using SupportPlatform.BuildingBlocks.Security;

namespace SupportPlatform.Identity.Application;

public sealed class BootstrapOptions
{
    /// <summary>Name of the vendor organisation created on first start.</summary>
    public string VendorName { get; set; } = "Anywhere365";

    /// <summary>Time zone of the vendor.</summary>
    public string VendorTimeZone { get; set; } = "Europe/Amsterdam";

    /// <summary>Client id of the bootstrap administrator account.</summary>
    public string ClientId { get; set; } = "bootstrap-admin";

    /// <summary>
    /// The bootstrap administrator's client secret (the AppHost parameter
    /// <c>bootstrap-admin-secret</c>). When empty no bootstrap account is created or kept active.
    /// </summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// The master secret of the internal service accounts (<c>svc-cases</c>, …); each account's
    /// secret is derived from it (<see cref="InternalServiceAccounts.DeriveSecret"/>). Empty: none.
    /// </summary>
    public string? InternalServicesSecret { get; set; }

    /// <summary>The platform services that get an internal account.</summary>
    public string[] InternalServices { get; set; } = ["cases", "escalation", "rca", "notification"];
}
