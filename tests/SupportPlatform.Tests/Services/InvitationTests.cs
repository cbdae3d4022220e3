using System.Text.RegularExpressions;
using Grpc.Core;
using MimeKit;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// Invitations: a person registered by an administrator gets an e-mail (through the notification
/// service and a real SMTP server) with a single-use, expiring link to set their password.
/// </summary>
[Collection(StackCollection.Name)]
public sealed partial class InvitationTests(StackFixture fixture)
{
    private const string NotValid = "This invitation link is not valid any more: it was used, replaced by a newer one, or it has expired. Ask your administrator to send a new one.";
    private readonly ServiceStack stack = fixture.Stack;

    private async Task<(SignedIn Admin, Person Person)> InviteAsync()
    {
        var customer = await stack.CreateCustomerAsync();
        var admin = await stack.CreatePersonAsync(customer.OrganizationId, Role.CustomerAdmin);
        var person = (await stack.People.RegisterPersonAsync(new RegisterPersonRequest
        {
            OrganizationId = customer.OrganizationId, DisplayName = "Noor Invited", Email = $"noor-{Guid.NewGuid():N}@example.com",
            Phone = "+31201234567", Roles = { Role.L1Agent }, Invite = true,
        }, Bearer(admin.Token))).Person;
        return (admin, person);
    }

    /// <summary>The tokens of the invitation e-mails to the address, oldest first, once there are <paramref name="count"/>.</summary>
    private async Task<List<string>> InvitationTokensAsync(string address, int count)
    {
        List<MimeMessage> mails = [];
        await WaitUntilAsync(() =>
        {
            mails = [.. stack.Mail.To(address).Where(message => message.Headers["X-Support-Event"] == "PersonInvited")];
            return Task.FromResult(mails.Count >= count);
        }, TimeSpan.FromSeconds(20), $"{count} invitation e-mail(s) to {address}");
        return [.. mails.Select(mail => InvitationLink().Match(mail.TextBody ?? "").Groups[1].Value)];
    }

    private async Task<(StatusCode Status, string Detail)> AcceptRefusedAsync(string token, string password = "a-long-new-password")
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            stack.People.AcceptInvitationAsync(new AcceptInvitationRequest { Token = token, Password = password }).ResponseAsync);
        return (refused.StatusCode, refused.Status.Detail);
    }

    [Fact]
    public async Task AnInvitedPerson_GetsAnEmailLink_SetsTheirPasswordOnce_AndSignsIn()
    {
        var (admin, person) = await InviteAsync();
        Assert.False(person.PasswordSet);

        var token = (await InvitationTokensAsync(person.Email, 1)).Single();
        var invitation = stack.Mail.To(person.Email).Single(message => message.Headers["X-Support-Event"] == "PersonInvited");
        var accepted = await stack.People.AcceptInvitationAsync(new AcceptInvitationRequest { Token = token, Password = "a-long-new-password" });
        var signedIn = await stack.Tokens.IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.Password, Username = accepted.Email, Password = "a-long-new-password" });

        Assert.Equal("You are invited to the " + (await stack.Organizations.GetOrganizationAsync(new GetOrganizationRequest { OrganizationId = person.OrganizationId }, Bearer(admin.Token))).Organization.Name + " support portal", invitation.Subject);
        Assert.Contains($"<a href=\"{ServiceStack.PortalUrl}/invitation/{token}\">Set your password</a>", invitation.HtmlBody);
        Assert.Equal(person.Email, accepted.Email);
        Assert.NotEqual("", signedIn.AccessToken);
        Assert.True((await stack.People.GetPersonAsync(new GetPersonRequest { PersonId = person.PersonId }, Bearer(admin.Token))).Person.PasswordSet);
        // Once only.
        Assert.Equal((StatusCode.FailedPrecondition, NotValid), await AcceptRefusedAsync(token));
        // The in-app notification tells the same without the secret.
        var inApp = (await stack.Notifications.ListNotificationsAsync(new Notification.V1.ListNotificationsRequest(), Bearer(signedIn.AccessToken))).Notifications
            .Single(n => n.EventType == "PersonInvited");
        Assert.DoesNotContain(token, inApp.Body + inApp.Subject);
        // And a person with a password gets no second invitation.
        var again = await Assert.ThrowsAsync<RpcException>(() => stack.People.ResendInvitationAsync(new ResendInvitationRequest { PersonId = person.PersonId }, Bearer(admin.Token)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Equal("PASSWORD_SET", again.GetRpcStatus()!.GetDetail<Google.Rpc.PreconditionFailure>().Violations.Single().Type);
    }

    [Fact]
    public async Task ANewInvitation_ReplacesTheOld_AndAnInvitationExpiresAfterSevenDays()
    {
        var (admin, person) = await InviteAsync();
        var first = (await InvitationTokensAsync(person.Email, 1)).Single();

        var resent = await stack.People.ResendInvitationAsync(new ResendInvitationRequest { PersonId = person.PersonId }, Bearer(admin.Token));
        var second = (await InvitationTokensAsync(person.Email, 2))[1];

        Assert.InRange(resent.ExpiresAt.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddDays(7).AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(7).AddMinutes(1));
        Assert.Equal((StatusCode.FailedPrecondition, NotValid), await AcceptRefusedAsync(first));
        stack.IdentityClock.Offset = TimeSpan.FromDays(7).Add(TimeSpan.FromSeconds(5));
        try
        {
            Assert.Equal((StatusCode.FailedPrecondition, NotValid), await AcceptRefusedAsync(second));
        }
        finally
        {
            stack.IdentityClock.Offset = TimeSpan.Zero;
        }
        // Still usable before the week is over, and nothing was changed by the refusals.
        Assert.Equal(person.Email, (await stack.People.AcceptInvitationAsync(new AcceptInvitationRequest { Token = second, Password = "a-long-new-password" })).Email);
    }

    [Fact]
    public async Task BadInvitationRequests_AreRefused_AndChangeNothing()
    {
        var (admin, person) = await InviteAsync();
        var token = (await InvitationTokensAsync(person.Email, 1)).Single();

        var shortPassword = await AcceptRefusedAsync(token, "too-short");
        var unknown = await AcceptRefusedAsync("not-a-token-anybody-issued");
        var both = await Assert.ThrowsAsync<RpcException>(() => stack.People.RegisterPersonAsync(new RegisterPersonRequest
        {
            OrganizationId = person.OrganizationId, DisplayName = "Both", Email = $"both-{Guid.NewGuid():N}@example.com",
            Roles = { Role.EndUser }, Password = "a-long-test-password", Invite = true,
        }, Bearer(admin.Token)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, shortPassword.Status);
        Assert.Equal((StatusCode.FailedPrecondition, NotValid), unknown);
        Assert.Equal(["invite"], both.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
        // The refused short password did not use the link up.
        Assert.Equal(person.Email, (await stack.People.AcceptInvitationAsync(new AcceptInvitationRequest { Token = token, Password = "a-long-new-password" })).Email);
    }

    [GeneratedRegex(@"/invitation/([A-Za-z0-9_\-]+)")]
    private static partial Regex InvitationLink();
}
