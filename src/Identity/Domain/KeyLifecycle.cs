namespace SupportPlatform.Identity.Domain;

/// <summary>
/// The rules of key rotation, without I/O. A rotation promotes NEXT to CURRENT, demotes the old
/// CURRENT to PREVIOUS and creates a new NEXT. A PREVIOUS key is retired once every token it can
/// have signed has expired: deactivation + token lifetime + the validators' clock skew + how
/// long another identity replica may keep signing with it before it re-reads the keys.
/// </summary>
public static class KeyLifecycle
{
    /// <summary>How long a demoted key stays published.</summary>
    public static TimeSpan Grace(TokenOptions options) =>
        options.AccessTokenLifetime + BuildingBlocks.Security.TokenValidator.ClockSkew + options.KeyRefreshInterval;

    /// <summary>True when automatic rotation is on and the current key has signed for a full interval.</summary>
    public static bool RotationDue(IReadOnlyList<KeyState> keys, DateTimeOffset now, TokenOptions options)
    {
        var current = keys.FirstOrDefault(key => key.Status == KeyStatus.Current);
        return options.RotationInterval > TimeSpan.Zero
            && current is not null
            && (current.ActivatedAt ?? current.CreatedAt) + options.RotationInterval <= now;
    }

    /// <summary>The changes due at <paramref name="now"/>; <paramref name="rotate"/> asks for a rotation.</summary>
    public static KeyPlan Plan(IReadOnlyList<KeyState> keys, DateTimeOffset now, TokenOptions options, bool rotate)
    {
        var grace = Grace(options);
        var retire = keys
            .Where(key => key.Status == KeyStatus.Previous && (key.DeactivatedAt ?? key.CreatedAt) + grace <= now)
            .Select(key => key.KeyId)
            .ToList();
        var current = keys.FirstOrDefault(key => key.Status == KeyStatus.Current);
        var next = keys.FirstOrDefault(key => key.Status == KeyStatus.Next);

        if (current is null)
        {
            // First start (or a damaged table): nothing has been signed, so a key may sign at once;
            // a waiting NEXT is the better choice because caches may know it already.
            return next is null
                ? new KeyPlan(retire, null, null, CreateCurrent: true, CreateNext: true)
                : new KeyPlan(retire, null, next.KeyId, CreateCurrent: false, CreateNext: true);
        }
        if (next is null)
        {
            // A key must be published before it signs: create it now, rotate to it later.
            return new KeyPlan(retire, null, null, CreateCurrent: false, CreateNext: true);
        }
        return rotate
            ? new KeyPlan(retire, current.KeyId, next.KeyId, CreateCurrent: false, CreateNext: true)
            : new KeyPlan(retire, null, null, CreateCurrent: false, CreateNext: false);
    }
}
