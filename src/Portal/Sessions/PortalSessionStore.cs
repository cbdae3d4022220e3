using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace SupportPlatform.Portal.Sessions;

/// <summary>
/// The signed-in sessions of this portal process. Tokens never leave the server; a restarted
/// portal has none, and everyone signs in again.
/// </summary>
public sealed class PortalSessionStore(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, PortalSession> sessions = new(StringComparer.Ordinal);

    /// <summary>A new, unguessable session key (256 random bits).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Add(PortalSession session)
    {
        var now = clock.GetUtcNow();
        foreach (var ended in sessions.Values.Where(s => s.ExpiresAt <= now))
        {
            sessions.TryRemove(ended.Key, out _);
        }
        sessions[session.Key] = session;
    }

    /// <summary>The session with this key while it lasts; null otherwise.</summary>
    public PortalSession? Find(string? key) =>
        key is not null && sessions.TryGetValue(key, out var session) && session.ExpiresAt > clock.GetUtcNow() ? session : null;

    public PortalSession? Remove(string? key) =>
        key is not null && sessions.TryRemove(key, out var session) ? session : null;
}
