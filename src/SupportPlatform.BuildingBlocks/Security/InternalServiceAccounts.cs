using System.Security.Cryptography;
using System.Text;

namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>
/// The internal service accounts: identity creates <c>svc-{name}</c> (vendor, INTERNAL_SERVICE)
/// for each platform service, with a secret derived from one master secret, so each service gets
/// only its own secret and cannot act as another.
/// </summary>
public static class InternalServiceAccounts
{
    public static string ClientId(string service) => "svc-" + service;

    /// <summary>HMAC-SHA256(master, service), base64url. The AppHost derives the same.</summary>
    public static string DeriveSecret(string masterSecret, string service) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(masterSecret), Encoding.UTF8.GetBytes(service)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
