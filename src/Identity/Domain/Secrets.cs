using System.Security.Cryptography;
using System.Text;

namespace SupportPlatform.Identity.Domain;

/// <summary>
/// Password and client-secret hashing. Passwords: PBKDF2-HMAC-SHA512, 210,000 iterations (OWASP's
/// figure), 16-byte salt. Client secrets are 256-bit random values, so a fast SHA-256 is enough
/// for them; comparisons are constant-time.
/// </summary>
public static class Secrets
{
    private const int Iterations = 210_000;
    private const string PasswordScheme = "pbkdf2-sha512";

    public static string HashPassword(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA512, 32);
        return $"{PasswordScheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>
    /// A well-formed hash no password matches (of 256 random bits), verified when a user name is
    /// unknown so that the answer takes as long as for a wrong password.
    /// </summary>
    public static string UnusablePasswordHash => UnusableHash.Value;

    private static readonly Lazy<string> UnusableHash = new(() => HashPassword(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

    /// <summary>
    /// The key failed sign-ins are counted under: SHA-256 of the normalised user name, so that
    /// addresses typed by anyone are not stored in clear.
    /// </summary>
    public static string UsernameHash(string normalizedUsername) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedUsername)));

    public static bool VerifyPassword(string password, string? stored)
    {
        var parts = stored?.Split('$');
        if (parts is not [PasswordScheme, var iterations, var salt, var hash] || !int.TryParse(iterations, out var count))
        {
            return false;
        }
        var expected = Convert.FromBase64String(hash);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromBase64String(salt), count, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>A new client secret: 256 random bits, URL-safe.</summary>
    public static string NewClientSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// How a random bearer secret (a refresh token, an invitation token; 256 random bits) is stored
    /// and looked up: SHA-256, hex.
    /// </summary>
    public static string HashBearerSecret(string token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string HashClientSecret(string secret) =>
        "sha256$" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool VerifyClientSecret(string secret, string stored) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(HashClientSecret(secret)), Encoding.UTF8.GetBytes(stored));
}
