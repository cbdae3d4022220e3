using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Identity.Data;
using SupportPlatform.Identity.Domain;

namespace SupportPlatform.Identity.Application;

/// <summary>
/// Checks a person's e-mail and password with a temporary lockout after repeated failures
/// (<see cref="SignInLockout"/>). Unknown addresses are counted and locked like known ones, and a
/// password is hashed even when there is no person, so neither the answers nor their timing tell
/// whether an address is registered.
/// </summary>
public sealed class PasswordSignIn(IdentityStore store, TimeProvider clock, IOptions<LockoutOptions> options)
{
    public const string InvalidCredentials = "The credentials are not valid.";

    public const string AccountLocked =
        "The account is temporarily locked after too many failed sign-in attempts. Try again later.";

    /// <summary>The signed-in person; otherwise an <see cref="AuthenticationException"/>.</summary>
    public async Task<PersonRecord> AuthenticateAsync(string email, string password)
    {
        var username = Secrets.UsernameHash(email);
        var now = clock.GetUtcNow();
        var failures = await store.FindSignInFailuresAsync(username);
        if (SignInLockout.IsLocked(failures, now))
        {
            throw new AuthenticationException(AccountLocked);
        }
        var person = await store.FindPersonByEmailAsync(email);
        var passwordMatches = Secrets.VerifyPassword(password, person?.PasswordHash ?? Secrets.UnusablePasswordHash);
        if (person is not { Active: true, PasswordHash: not null } || !passwordMatches)
        {
            var settings = options.Value;
            var staleBefore = now - (settings.FailureWindow > settings.LockoutDuration ? settings.FailureWindow : settings.LockoutDuration);
            var after = await store.RecordSignInFailureAsync(username, current => SignInLockout.AfterFailure(current, now, settings), staleBefore);
            throw new AuthenticationException(SignInLockout.IsLocked(after, now) ? AccountLocked : InvalidCredentials);
        }
        if (failures is not null)
        {
            await store.ClearSignInFailuresAsync(username);
        }
        return person;
    }
}
