using Grpc.Core;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;

namespace SupportPlatform.Tests.Services;

/// <summary>Temporary lockout after repeated wrong passwords (defaults: 5 within 15 minutes lock for 15 minutes).</summary>
[Collection(StackCollection.Name)]
public sealed class LockoutTests(StackFixture fixture)
{
    private const string Password = "a-long-test-password";
    private const string LockedMessage = "The account is temporarily locked after too many failed sign-in attempts. Try again later.";
    private const string InvalidMessage = "The credentials are not valid.";

    private async Task<(StatusCode Status, string Detail)> SignInAsync(string email, string password)
    {
        try
        {
            await fixture.Stack.Tokens.IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.Password, Username = email, Password = password });
            return (StatusCode.OK, "");
        }
        catch (RpcException exception)
        {
            return (exception.StatusCode, exception.Status.Detail);
        }
    }

    private static bool DatabaseFilesContain(string databaseFile, string text)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        return new[] { databaseFile, databaseFile + "-wal" }.Where(File.Exists).Any(file =>
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray().AsSpan().IndexOf(needle) >= 0;
        });
    }

    private async Task<string> NewPersonAsync()
    {
        var customer = await fixture.Stack.CreateCustomerAsync();
        return (await fixture.Stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent)).Person.Email;
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_AndThenEvenTheRightPasswordIsRefused()
    {
        var email = await NewPersonAsync();

        var answers = new List<(StatusCode, string)>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            answers.Add(await SignInAsync(email, "a-wrong-password-" + attempt));
        }
        var right = await SignInAsync(email, Password);

        Assert.All(answers.Take(4), answer => Assert.Equal((StatusCode.Unauthenticated, InvalidMessage), answer));
        Assert.Equal((StatusCode.Unauthenticated, LockedMessage), answers[4]);
        Assert.Equal((StatusCode.Unauthenticated, LockedMessage), right);
        Assert.Contains("temporarily locked", right.Detail);
    }

    [Fact]
    public async Task UnknownEmail_AnswersExactlyLikeAKnownOneWithWrongPasswords_LockIncluded()
    {
        var known = await NewPersonAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";

        var knownAnswers = new List<(StatusCode, string)>();
        var unknownAnswers = new List<(StatusCode, string)>();
        for (var attempt = 0; attempt < 6; attempt++)
        {
            knownAnswers.Add(await SignInAsync(known, "a-wrong-password"));
            unknownAnswers.Add(await SignInAsync(unknown, "a-wrong-password"));
        }

        Assert.Equal(knownAnswers, unknownAnswers);
        Assert.Equal((StatusCode.Unauthenticated, LockedMessage), unknownAnswers[^1]);
        // Failures are counted under a hash: an address anyone typed is not stored in clear.
        Assert.False(DatabaseFilesContain(fixture.Stack.DatabaseFile("identitydb"), unknown));
    }

    [Fact]
    public async Task SuccessfulSignIn_ResetsTheFailureCount()
    {
        var email = await NewPersonAsync();

        for (var round = 0; round < 2; round++)
        {
            for (var attempt = 0; attempt < 4; attempt++)
            {
                Assert.Equal((StatusCode.Unauthenticated, InvalidMessage), await SignInAsync(email, "a-wrong-password"));
            }
            Assert.Equal((StatusCode.OK, ""), await SignInAsync(email, Password));
        }
    }

    [Fact]
    public async Task Lock_EndsAfterTheLockoutDuration()
    {
        var email = await NewPersonAsync();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await SignInAsync(email, "a-wrong-password");
        }
        var stack = fixture.Stack;

        stack.IdentityClock.Offset = TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(5);
        (StatusCode, string) stillLocked, unlocked;
        try
        {
            stillLocked = await SignInAsync(email, Password);
            stack.IdentityClock.Offset = TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(5);
            unlocked = await SignInAsync(email, Password);
        }
        finally
        {
            stack.IdentityClock.Offset = TimeSpan.Zero;
        }

        Assert.Equal((StatusCode.Unauthenticated, LockedMessage), stillLocked);
        Assert.Equal((StatusCode.OK, ""), unlocked);
    }
}
