using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.IdentityModel.JsonWebTokens;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// Sign-in sessions: a password sign-in returns a refresh token; each exchange rotates it; a used
/// token presented again ends the session; sign-out, deactivation, idleness and the session's end
/// stop it (defaults: 4 hours idle, 12 hours in all).
/// </summary>
[Collection(StackCollection.Name)]
public sealed class SessionTests(StackFixture fixture)
{
    private const string Password = "a-long-test-password";
    private const string Ended = "The session has ended; sign in again.";

    private ServiceStack Stack => fixture.Stack;

    private async Task<(SignedIn Person, IssueTokenResponse SignIn)> SignInAsync(Role role = Role.L1Agent)
    {
        var customer = await Stack.CreateCustomerAsync();
        var person = await Stack.CreatePersonAsync(customer.OrganizationId, role);
        var signIn = await Stack.Tokens.IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.Password, Username = person.Person.Email, Password = Password });
        return (person, signIn);
    }

    private Task<IssueTokenResponse> RefreshAsync(string refreshToken) =>
        Stack.Tokens.IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.RefreshToken, RefreshToken = refreshToken }).ResponseAsync;

    private async Task<(StatusCode Status, string Detail)> RefusedAsync(string refreshToken)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => RefreshAsync(refreshToken));
        return (refused.StatusCode, refused.Status.Detail);
    }

    private async Task<T> AtAsync<T>(TimeSpan offset, Func<Task<T>> action)
    {
        Stack.IdentityClock.Offset = offset;
        try
        {
            return await action();
        }
        finally
        {
            Stack.IdentityClock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task PasswordSignIn_BeginsASession_WhoseRefreshTokenIsExchangedForAWorkingAccessToken_AndANewRefreshToken()
    {
        var (person, signIn) = await SignInAsync();

        Assert.NotEqual("", signIn.RefreshToken);
        Assert.InRange(signIn.RefreshExpiresInSeconds, 4 * 3600 - 60, 4 * 3600);
        Assert.InRange(signIn.SessionExpiresAt.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddHours(12).AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12));
        var refreshed = await RefreshAsync(signIn.RefreshToken);

        Assert.NotEqual(signIn.RefreshToken, refreshed.RefreshToken);
        Assert.Equal(signIn.SessionId, refreshed.SessionId);
        Assert.Equal(signIn.SessionExpiresAt, refreshed.SessionExpiresAt);
        var self = await Stack.People.GetPersonAsync(new GetPersonRequest { PersonId = person.Person.PersonId }, Bearer(refreshed.AccessToken));
        Assert.Equal(person.Person.Email, self.Person.Email);
        // And again: the chain goes on for as long as the session lasts.
        Assert.Equal(signIn.SessionId, (await RefreshAsync(refreshed.RefreshToken)).SessionId);
    }

    [Fact]
    public async Task AUsedRefreshToken_PresentedAgain_EndsTheWholeSession_SoTheLegitimateHolderMustSignInAgainToo()
    {
        var (_, signIn) = await SignInAsync();
        var refreshed = await RefreshAsync(signIn.RefreshToken);

        var replayed = await RefusedAsync(signIn.RefreshToken);
        var successor = await RefusedAsync(refreshed.RefreshToken);

        Assert.Equal((StatusCode.Unauthenticated, Ended), replayed);
        Assert.Equal((StatusCode.Unauthenticated, Ended), successor);
        Assert.Equal("TOKEN_REUSED", await RevokedReasonAsync(signIn.SessionId));
    }

    [Fact]
    public async Task RevokeSession_SignsOut_WhileOtherSessionsOfTheSamePersonGoOn()
    {
        var (person, first) = await SignInAsync();
        var second = await Stack.Tokens.IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.Password, Username = person.Person.Email, Password = Password });

        await Stack.Tokens.RevokeSessionAsync(new RevokeSessionRequest { RefreshToken = first.RefreshToken });

        Assert.Equal((StatusCode.Unauthenticated, Ended), await RefusedAsync(first.RefreshToken));
        Assert.Equal(second.SessionId, (await RefreshAsync(second.RefreshToken)).SessionId);
        Assert.Equal("SIGNED_OUT", await RevokedReasonAsync(first.SessionId));
        // Signing out twice, or with a token nobody issued, answers the same: nothing to learn from it.
        await Stack.Tokens.RevokeSessionAsync(new RevokeSessionRequest { RefreshToken = first.RefreshToken });
        await Stack.Tokens.RevokeSessionAsync(new RevokeSessionRequest { RefreshToken = "not-a-token-anybody-issued" });
    }

    [Fact]
    public async Task ASessionRefreshedThroughTheDay_LastsTwelveHours_AndOneLeftIdleForFourHoursEnds()
    {
        var (_, working) = await SignInAsync();
        var (_, idle) = await SignInAsync();

        // Refreshed every three hours: still going at 11:59, over at 12:00.
        var token = working.RefreshToken;
        foreach (var hours in new[] { 3.0, 6.0, 9.0, 11.98 })
        {
            token = (await AtAsync(TimeSpan.FromHours(hours), () => RefreshAsync(token))).RefreshToken;
        }
        var afterTheDay = await AtAsync(TimeSpan.FromHours(12).Add(TimeSpan.FromSeconds(5)), () => RefusedAsync(token));
        var afterIdling = await AtAsync(TimeSpan.FromHours(4).Add(TimeSpan.FromSeconds(5)), () => RefusedAsync(idle.RefreshToken));

        Assert.Equal((StatusCode.Unauthenticated, Ended), afterTheDay);
        Assert.Equal((StatusCode.Unauthenticated, Ended), afterIdling);
    }

    [Fact]
    public async Task ARefreshedAccessToken_CarriesTheRolesOfNow_AndDeactivationEndsTheSession()
    {
        var customer = await Stack.CreateCustomerAsync();
        var customerAdmin = await Stack.CreatePersonAsync(customer.OrganizationId, Role.CustomerAdmin);
        var agent = await Stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var signIn = await Stack.Tokens.IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.Password, Username = agent.Person.Email, Password = Password });

        await Stack.People.SetRolesAsync(new SetRolesRequest { PersonId = agent.Person.PersonId, Roles = { Role.L1Agent, Role.CustomerAdmin } }, Bearer(customerAdmin.Token));
        var promoted = await RefreshAsync(signIn.RefreshToken);
        await Stack.People.DeactivatePersonAsync(new DeactivatePersonRequest { PersonId = agent.Person.PersonId, Reason = "Left the company." }, Bearer(customerAdmin.Token));

        Assert.Equal(["ROLE_CUSTOMER_ADMIN", "ROLE_L1_AGENT"], new JsonWebToken(promoted.AccessToken).Claims.Where(claim => claim.Type == "role").Select(claim => claim.Value).Order());
        Assert.Equal((StatusCode.Unauthenticated, Ended), await RefusedAsync(promoted.RefreshToken));
        Assert.Equal("DEACTIVATED", await RevokedReasonAsync(signIn.SessionId));
    }

    [Fact]
    public async Task ClientCredentials_GetNoRefreshToken_AndAnEmptyRefreshToken_IsAFieldViolation()
    {
        var empty = await Assert.ThrowsAsync<RpcException>(() => RefreshAsync(""));
        var signOutWithout = await Assert.ThrowsAsync<RpcException>(() => Stack.Tokens.RevokeSessionAsync(new RevokeSessionRequest()).ResponseAsync);
        var service = await Stack.Tokens.IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.ClientCredentials, ClientId = "bootstrap-admin", ClientSecret = ServiceStack.TestBootstrapSecret });

        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Equal(["refresh_token"], empty.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(StatusCode.InvalidArgument, signOutWithout.StatusCode);
        Assert.Equal(("", 0, "", null), (service.RefreshToken, service.RefreshExpiresInSeconds, service.SessionId, service.SessionExpiresAt));
    }

    [Fact]
    public async Task RefreshTokens_AreStoredOnlyAsHashes()
    {
        var (_, signIn) = await SignInAsync();
        var refreshed = await RefreshAsync(signIn.RefreshToken);

        var stored = await StoredTokenHashesAsync(signIn.SessionId);

        Assert.Equal(2, stored.Count);
        Assert.DoesNotContain(signIn.RefreshToken, stored);
        Assert.DoesNotContain(refreshed.RefreshToken, stored);
        Assert.All(stored, hash => Assert.Matches("^[0-9A-F]{64}$", hash));
    }

    private async Task<string?> RevokedReasonAsync(string sessionId)
    {
        await using var connection = new SqliteConnection($"Data Source={Stack.DatabaseFile("identitydb")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT revoked_reason FROM sessions WHERE id = $id";
        command.Parameters.AddWithValue("$id", Guid.Parse(sessionId).ToString());
        return await command.ExecuteScalarAsync() as string;
    }

    private async Task<List<string>> StoredTokenHashesAsync(string sessionId)
    {
        await using var connection = new SqliteConnection($"Data Source={Stack.DatabaseFile("identitydb")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT token_hash FROM refresh_tokens WHERE session_id = $id";
        command.Parameters.AddWithValue("$id", Guid.Parse(sessionId).ToString());
        var hashes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            hashes.Add(reader.GetString(0));
        }
        return hashes;
    }
}
