using System.Security.Cryptography;
using System.Text;

namespace SupportPlatform.Notification.Domain;

/// <summary>
/// Standard Webhooks signing: the secret is <c>whsec_</c> and base64 of random bytes; a signature
/// is <c>v1,</c> and base64 of HMAC-SHA256 over <c>id.timestamp.body</c>, with the secret's bytes
/// as key. Several signatures (during a secret's rotation) are separated by spaces. Pure.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret: 32 random bytes.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The <c>webhook-signature</c> header's value: one signature per secret, in order.</summary>
    public static string Sign(IEnumerable<string> secrets, string id, long timestamp, string body) =>
        string.Join(' ', secrets.Select(secret => "v1," + Convert.ToBase64String(
            HMACSHA256.HashData(Convert.FromBase64String(secret[SecretPrefix.Length..]), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")))));
}
