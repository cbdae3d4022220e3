using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Identity.Data;
using SupportPlatform.Identity.Domain;

namespace SupportPlatform.Identity.Application;

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
