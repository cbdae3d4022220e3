using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Identity.Data;

namespace SupportPlatform.Identity.Domain;

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

/// <summary>
/// First start: the vendor organisation, the signing key, the default RASCI matrix, and a PLATFORM_ADMIN service account
/// whose secret comes from configuration, so the first administrator can act.
/// </summary>
public sealed class Bootstrap(IdentityStore store, MatrixStore matrices, SigningKeys keys, TimeProvider clock, IOptions<BootstrapOptions> options, ILogger<Bootstrap> logger)
{
    public async Task RunAsync()
    {
        var settings = options.Value;
        await keys.InitializeAsync();
        await matrices.SeedAsync(RasciSeed.Load());
        var vendor = await store.EnsureVendorAsync(new OrganizationRecord
        {
            Id = Guid.NewGuid(),
            Name = settings.VendorName,
            Kind = OrganizationKinds.Vendor,
            TimeZone = settings.VendorTimeZone,
            CreatedAt = clock.GetUtcNow(),
        });
        var hasSecret = !string.IsNullOrWhiteSpace(settings.ClientSecret);
        await store.UpsertServiceAccountAsync(new ServiceAccountRecord
        {
            Id = Guid.NewGuid(),
            ClientId = settings.ClientId,
            OrganizationId = vendor.Id,
            DisplayName = "Bootstrap administrator",
            // Without a configured secret the account exists but cannot sign in.
            SecretHash = hasSecret ? Secrets.HashClientSecret(settings.ClientSecret!) : "disabled",
            Roles = Roles.PlatformAdmin,
            Active = hasSecret,
            CreatedAt = clock.GetUtcNow(),
        });
        if (!string.IsNullOrWhiteSpace(settings.InternalServicesSecret))
        {
            foreach (var service in settings.InternalServices)
            {
                await store.UpsertServiceAccountAsync(new ServiceAccountRecord
                {
                    Id = Guid.NewGuid(),
                    ClientId = InternalServiceAccounts.ClientId(service),
                    OrganizationId = vendor.Id,
                    DisplayName = $"Platform service '{service}'",
                    SecretHash = Secrets.HashClientSecret(InternalServiceAccounts.DeriveSecret(settings.InternalServicesSecret, service)),
                    Roles = Roles.InternalService,
                    Active = true,
                    CreatedAt = clock.GetUtcNow(),
                });
            }
        }
        logger.LogInformation("Vendor organisation {VendorId}; bootstrap account '{ClientId}' {State}",
            vendor.Id, settings.ClientId, hasSecret ? "active" : "disabled (no Identity:Bootstrap:ClientSecret)");
    }
}
