using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

[Collection(StackCollection.Name)]
public sealed class PeopleAndContractTests(StackFixture fixture)
{
    private readonly ServiceStack stack = fixture.Stack;

    [Fact]
    public async Task AnyoneSignedIn_FindsTheVendorOrganization_UnderWhichVendorPeopleAreRegistered()
    {
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var vendor = (await stack.Organizations.GetVendorOrganizationAsync(new GetVendorOrganizationRequest(), Bearer(agent.Token))).Organization;

        Assert.Equal(OrganizationKind.Vendor, vendor.Kind);
        var engineer = await stack.CreateVendorEngineerAsync();
        Assert.Equal(vendor.OrganizationId, engineer.Person.OrganizationId);
        var admin = await stack.AdminTokenAsync();
        Assert.Equal(vendor.OrganizationId, new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(admin).GetClaim("org").Value);
        // Not for anonymous callers.
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => stack.Organizations.GetVendorOrganizationAsync(new GetVendorOrganizationRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    public sealed class ContractEvents
    {
        public ConcurrentQueue<SupportContractChanged> Received { get; } = new();
    }

    public sealed class ContractEventRecorder(ContractEvents events) : IConsumer<SupportContractChanged>
    {
        public Task Consume(ConsumeContext<SupportContractChanged> context)
        {
            events.Received.Enqueue(context.Message);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task CustomerWithoutAValidContract_CannotSubmit_FailedPreconditionSaysWhy()
    {
        var admin = await stack.AdminTokenAsync();
        var expired = (await stack.Organizations.RegisterOrganizationAsync(new RegisterOrganizationRequest
        {
            Name = "Expired " + Guid.NewGuid().ToString("N")[..8],
            Plan = SupportPlan.Standard,
            Deployment = Deployment.Cloud,
            TimeZone = "Europe/Amsterdam",
            ValidFrom = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(-2)),
            ValidUntil = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)),
        }, Bearer(admin))).Organization;
        var agent = await stack.CreatePersonAsync(expired.OrganizationId, Role.L1Agent);
        var request = ValidCase();

        var error = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.SubmitCaseAsync(request, Bearer(agent.Token)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations);
        Assert.Equal("SUPPORT_CONTRACT", violation.Type);
        Assert.Contains("ended on", violation.Description);
        Assert.Contains("renew", violation.Description);
        Assert.Equal(0, await Sql.CountAsync(stack.DatabaseFile("casedb"), "SELECT COUNT(*) FROM cases WHERE request_id = @p", request.RequestId));
    }

    [Fact]
    public async Task UpdateContract_IsVersioned_RestoresSubmission_AndEmitsAnEvent()
    {
        var admin = await stack.AdminTokenAsync();
        var organization = await stack.CreateCustomerAsync(SupportPlan.Standard);
        Assert.Equal(1, organization.Contract.Version);
        Assert.Equal(5, organization.Contract.Calendar.WorkingHours.Count);
        var contract = organization.Contract.Clone();
        contract.Plan = SupportPlan.PremiumPlus;
        contract.Calendar.Holidays.Add(new Holiday { Date = "2026-12-25", Name = "Christmas Day" });

        var updated = (await stack.Organizations.UpdateContractAsync(new UpdateContractRequest
        {
            OrganizationId = organization.OrganizationId, Contract = contract, ExpectedVersion = 1,
        }, Bearer(admin))).Organization;
        var stale = await Assert.ThrowsAsync<RpcException>(() => stack.Organizations.UpdateContractAsync(new UpdateContractRequest
        {
            OrganizationId = organization.OrganizationId, Contract = contract, ExpectedVersion = 1,
        }, Bearer(admin)).ResponseAsync);
        var badCalendar = contract.Clone();
        badCalendar.Calendar.WorkingHours[0].End = "08:00";
        var invalid = await Assert.ThrowsAsync<RpcException>(() => stack.Organizations.UpdateContractAsync(new UpdateContractRequest
        {
            OrganizationId = organization.OrganizationId, Contract = badCalendar, ExpectedVersion = 2,
        }, Bearer(admin)).ResponseAsync);

        Assert.Equal(2, updated.Contract.Version);
        Assert.Equal(SupportPlan.PremiumPlus, updated.Plan);
        Assert.Equal("Christmas Day", Assert.Single(updated.Contract.Calendar.Holidays).Name);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal(["contract.calendar.working_hours[0]"], invalid.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        // Registration and the change each wrote a contract-changed event in identity's outbox.
        Assert.Equal(2, await Sql.CountAsync(stack.DatabaseFile("identitydb"),
            "SELECT COUNT(*) FROM outbox_messages WHERE message_type = 'SupportContractChanged' AND payload LIKE '%' || @p || '%'", organization.OrganizationId));

        // A case submitted now carries the new plan.
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P2), Bearer(agent.Token))).Case;
        Assert.Equal(SupportPlan.PremiumPlus, submitted.Plan);
    }

    [Fact]
    public async Task YearlyHolidays_RoundTrip_AndEveryPublishedContractChangedEventCarriesTheCalendar()
    {
        // A bus of the test's own hears what identity's outbox relay publishes on the broker.
        var events = new ContractEvents();
        await using var bus = await TestBus.StartAsync(fixture.Broker,
            configure => configure.AddConsumer<ContractEventRecorder>().Endpoint(endpoint =>
            {
                endpoint.Name = "contract-calendar-test-" + Guid.NewGuid().ToString("N")[..8];
                endpoint.Temporary = true;
            }),
            services => services.AddSingleton(events));
        var admin = await stack.AdminTokenAsync();
        var registered = (await stack.Organizations.RegisterOrganizationAsync(new RegisterOrganizationRequest
        {
            Name = "Calendar " + Guid.NewGuid().ToString("N")[..8],
            Plan = SupportPlan.Premium,
            Deployment = Deployment.Cloud,
            TimeZone = "Europe/Amsterdam",
            Calendar = new BusinessCalendar
            {
                WorkingHours =
                {
                    new WorkingHours { Day = Weekday.Monday, Start = "08:30", End = "17:00" },
                    new WorkingHours { Day = Weekday.Sunday, Start = "10:00", End = "14:00" },
                },
                Holidays = { new Holiday { Date = "2024-02-29", Name = "Leap day", Yearly = true } },
            },
        }, Bearer(admin))).Organization;
        var organizationId = Guid.Parse(registered.OrganizationId);
        Assert.True(Assert.Single(registered.Contract.Calendar.Holidays).Yearly);

        // A yearly and a single holiday on the same month and day, beside a plain single one.
        var contract = registered.Contract.Clone();
        contract.Calendar.Holidays.Clear();
        contract.Calendar.Holidays.Add(new Holiday { Date = "2026-12-25", Name = "Christmas Day", Yearly = true });
        contract.Calendar.Holidays.Add(new Holiday { Date = "2027-12-25", Name = "Office move", Yearly = false });
        contract.Calendar.Holidays.Add(new Holiday { Date = "2026-05-14", Name = "Ascension Day" });
        var updated = (await stack.Organizations.UpdateContractAsync(new UpdateContractRequest
        {
            OrganizationId = registered.OrganizationId, Contract = contract, ExpectedVersion = 1,
        }, Bearer(admin))).Organization;
        var read = (await stack.Organizations.GetOrganizationAsync(new GetOrganizationRequest { OrganizationId = registered.OrganizationId }, Bearer(admin))).Organization;

        (string, string, bool)[] expectedHolidays = [("2026-12-25", "Christmas Day", true), ("2027-12-25", "Office move", false), ("2026-05-14", "Ascension Day", false)];
        Assert.Equal(expectedHolidays, updated.Contract.Calendar.Holidays.Select(h => (h.Date, h.Name, h.Yearly)));
        Assert.Equal(expectedHolidays, read.Contract.Calendar.Holidays.Select(h => (h.Date, h.Name, h.Yearly)));
        Assert.Equal(2, read.Contract.Version);

        // Registration and the change: each published with the calendar of its version.
        await WaitUntilAsync(() => Task.FromResult(events.Received.Count(e => e.OrganizationId == organizationId) >= 2),
            TimeSpan.FromSeconds(20), "both contract-changed events are received");
        var published = events.Received.Where(e => e.OrganizationId == organizationId).OrderBy(e => e.Version).ToList();
        Assert.Equal([1L, 2L], published.Select(e => e.Version));
        (int, string, string)[] expectedHours = [(1, "08:30", "17:00"), (7, "10:00", "14:00")];
        Assert.All(published, e => Assert.Equal(expectedHours, e.Calendar!.WorkingHours.Select(w => (w.Day, w.Start, w.End))));
        Assert.Equal([new ContractHoliday("2024-02-29", "Leap day", Yearly: true)], published[0].Calendar!.Holidays);
        Assert.Equal(expectedHolidays.Select(h => new ContractHoliday(h.Item1, h.Item2, h.Item3)), published[1].Calendar!.Holidays);
    }

    [Fact]
    public async Task AnInvalidHoliday_IsAFieldViolation_AndChangesNothing()
    {
        var admin = await stack.AdminTokenAsync();
        var organization = await stack.CreateCustomerAsync();
        var contract = organization.Contract.Clone();
        contract.Calendar.Holidays.Add(new Holiday { Date = "2024-02-29", Name = "Leap day", Yearly = true });
        // 2025 has no 29 February: a yearly leap day names a leap year.
        contract.Calendar.Holidays.Add(new Holiday { Date = "2025-02-29", Name = "Not a day", Yearly = true });

        var invalid = await Assert.ThrowsAsync<RpcException>(() => stack.Organizations.UpdateContractAsync(new UpdateContractRequest
        {
            OrganizationId = organization.OrganizationId, Contract = contract, ExpectedVersion = 1,
        }, Bearer(admin)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal(["contract.calendar.holidays[1].date"], invalid.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        var read = (await stack.Organizations.GetOrganizationAsync(new GetOrganizationRequest { OrganizationId = organization.OrganizationId }, Bearer(admin))).Organization;
        Assert.Equal(1, read.Contract.Version);
        Assert.Empty(read.Contract.Calendar.Holidays);
        Assert.Equal(1, await Sql.CountAsync(stack.DatabaseFile("identitydb"),
            "SELECT COUNT(*) FROM outbox_messages WHERE message_type = 'SupportContractChanged' AND payload LIKE '%' || @p || '%'", organization.OrganizationId));
    }

    [Fact]
    public async Task SupportReadiness_CountsAuthorisedSubmitters_AndTheAdminsHearWhenItDropsBelowTwo()
    {
        var organization = await stack.CreateCustomerAsync();
        var customerAdmin = await stack.CreatePersonAsync(organization.OrganizationId, Role.CustomerAdmin);
        var first = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var second = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var untrained = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trained: false);
        var request = new GetSupportReadinessRequest { OrganizationId = organization.OrganizationId };

        var before = await stack.Organizations.GetSupportReadinessAsync(request, Bearer(customerAdmin.Token));
        Assert.True(before.Compliant);
        Assert.Equal(2, before.Required);
        Assert.Equal(new[] { first.Person.PersonId, second.Person.PersonId }.Order(), before.AuthorizedSubmitters.Select(p => p.PersonId).Order());
        var gap = Assert.Single(before.Gaps);
        Assert.Equal(untrained.Person.PersonId, gap.Person.PersonId);
        Assert.Contains(gap.Reasons, reason => reason.Contains("training"));

        // The customer admin removes one agent's phone number: below two.
        var updated = (await stack.People.UpdateContactDetailsAsync(new UpdateContactDetailsRequest
        {
            PersonId = second.Person.PersonId, Email = second.Person.Email, Phone = "",
        }, Bearer(customerAdmin.Token))).Person;
        Assert.Equal("", updated.Phone);

        var after = await stack.Organizations.GetSupportReadinessAsync(request, Bearer(customerAdmin.Token));
        Assert.False(after.Compliant);
        Assert.Equal([first.Person.PersonId], after.AuthorizedSubmitters.Select(p => p.PersonId));

        ListNotificationsResponse? notifications = null;
        await WaitUntilAsync(async () =>
        {
            notifications = await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest(), Bearer(customerAdmin.Token));
            return notifications.Notifications.Any(n => n.EventType == "SupportReadinessDropped");
        }, TimeSpan.FromSeconds(20), "the customer admin is notified");
        var notice = Assert.Single(notifications!.Notifications, n => n.EventType == "SupportReadinessDropped");
        Assert.Equal(customerAdmin.Person.PersonId, notice.RecipientId);
        Assert.Contains("1 authorised", notice.Body);
        // The agents themselves are not told.
        var agentInbox = await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest(), Bearer(first.Token));
        Assert.DoesNotContain(agentInbox.Notifications, n => n.EventType == "SupportReadinessDropped");
    }

    [Fact]
    public async Task PeopleAdministration_TrainingRolesDeactivation_AndTenantIsolation()
    {
        var admin = await stack.AdminTokenAsync();
        var organization = await stack.CreateCustomerAsync();
        var other = await stack.CreateCustomerAsync();
        var customerAdmin = await stack.CreatePersonAsync(organization.OrganizationId, Role.CustomerAdmin);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trained: false);
        var stranger = await stack.CreatePersonAsync(other.OrganizationId, Role.CustomerAdmin);
        var vendorId = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(admin).GetClaim("org").Value;
        var trainer = await stack.CreatePersonAsync(vendorId, Role.Trainer, trained: false);

        var trained = (await stack.People.RecordTrainingAsync(new RecordTrainingRequest
        {
            PersonId = agent.Person.PersonId,
            Course = "L1 operator certification",
            CompletedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)),
            ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(1)),
        }, Bearer(trainer.Token))).Person;
        Assert.Equal("L1 operator certification", Assert.Single(trained.Trainings).Course);
        Assert.NotNull(trained.TrainingExpiresAt);

        var promoted = (await stack.People.SetRolesAsync(new SetRolesRequest
        {
            PersonId = agent.Person.PersonId, Roles = { Role.L1Agent, Role.CustomerAdmin },
        }, Bearer(customerAdmin.Token))).Person;
        Assert.Equal([Role.L1Agent, Role.CustomerAdmin], promoted.Roles.Order());
        var vendorRole = await Assert.ThrowsAsync<RpcException>(() => stack.People.SetRolesAsync(new SetRolesRequest
        {
            PersonId = agent.Person.PersonId, Roles = { Role.L2Engineer },
        }, Bearer(customerAdmin.Token)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, vendorRole.StatusCode);

        var listed = await stack.People.ListPeopleAsync(new ListPeopleRequest { OrganizationId = organization.OrganizationId, PageSize = 1 }, Bearer(customerAdmin.Token));
        var second = await stack.People.ListPeopleAsync(new ListPeopleRequest
        {
            OrganizationId = organization.OrganizationId, PageSize = 1, PageToken = listed.NextPageToken,
        }, Bearer(customerAdmin.Token));
        Assert.NotEqual(listed.People[0].PersonId, second.People[0].PersonId);
        Assert.Equal("", second.NextPageToken);

        // Another organisation's admin: not found, never a hint.
        var foreign = await Assert.ThrowsAsync<RpcException>(() => stack.People.DeactivatePersonAsync(new DeactivatePersonRequest
        {
            PersonId = agent.Person.PersonId, Reason = "Not theirs to deactivate.",
        }, Bearer(stranger.Token)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, foreign.StatusCode);

        var deactivated = (await stack.People.DeactivatePersonAsync(new DeactivatePersonRequest
        {
            PersonId = agent.Person.PersonId, Reason = "Left the company.",
        }, Bearer(customerAdmin.Token))).Person;
        Assert.False(deactivated.Active);
        var signIn = await Assert.ThrowsAsync<RpcException>(() => stack.Tokens.IssueTokenAsync(new IssueTokenRequest
        {
            GrantType = GrantType.Password, Username = agent.Person.Email, Password = "a-long-test-password",
        }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, signIn.StatusCode);
        var activeOnly = await stack.People.ListPeopleAsync(new ListPeopleRequest { OrganizationId = organization.OrganizationId }, Bearer(customerAdmin.Token));
        Assert.DoesNotContain(activeOnly.People, p => p.PersonId == agent.Person.PersonId);
    }

    [Fact]
    public async Task DeactivatedAgent_CannotSubmitAnyMore_EvenThoughTheCaseServiceRememberedTheAnswer()
    {
        var organization = await stack.CreateCustomerAsync();
        var customerAdmin = await stack.CreatePersonAsync(organization.OrganizationId, Role.CustomerAdmin);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        await stack.Cases.SubmitCaseAsync(ValidCase(), Bearer(agent.Token));

        await stack.People.DeactivatePersonAsync(new DeactivatePersonRequest { PersonId = agent.Person.PersonId, Reason = "Left the company." }, Bearer(customerAdmin.Token));

        // The agent's token is still unexpired; identity's PersonChanged event makes the case
        // service forget its remembered "authorised" within moments.
        await WaitUntilAsync(async () =>
        {
            try
            {
                await stack.Cases.SubmitCaseAsync(ValidCase(), Bearer(agent.Token));
                return false;
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.PermissionDenied)
            {
                return exception.Status.Detail.Contains("deactivated");
            }
        }, TimeSpan.FromSeconds(10), "the deactivated agent is refused");
    }

    [Fact]
    public async Task IntegrationAccount_SubmitsOnBehalfOfANamedAuthorisedAgent_Only()
    {
        var admin = await stack.AdminTokenAsync();
        var organization = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var untrained = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trained: false);
        var account = await stack.Organizations.CreateServiceAccountAsync(new CreateServiceAccountRequest
        {
            OrganizationId = organization.OrganizationId, DisplayName = "ServiceNow connector", Roles = { Role.Integration },
        }, Bearer(admin));
        var token = (await stack.Tokens.IssueTokenAsync(new IssueTokenRequest
        {
            GrantType = GrantType.ClientCredentials, ClientId = account.ClientId, ClientSecret = account.ClientSecret,
        })).AccessToken;

        var request = ValidCase(Priority.P2);
        request.OnBehalfOfPersonId = agent.Person.PersonId;
        var submitted = (await stack.Cases.SubmitCaseAsync(request, Bearer(token))).Case;
        Assert.Equal(agent.Person.PersonId, submitted.SubmitterId);
        Assert.NotEqual("", submitted.SubmittedVia);

        var missing = ValidCase();
        var noPerson = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.SubmitCaseAsync(missing, Bearer(token)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noPerson.StatusCode);

        var forUntrained = ValidCase();
        forUntrained.OnBehalfOfPersonId = untrained.Person.PersonId;
        var refused = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.SubmitCaseAsync(forUntrained, Bearer(token)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("The person you submit for", refused.Status.Detail);

        // A person identity does not know in this organisation is the request's fault, named by field.
        var forStranger = ValidCase();
        forStranger.OnBehalfOfPersonId = Guid.NewGuid().ToString();
        var unknown = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.SubmitCaseAsync(forStranger, Bearer(token)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
        Assert.Equal(["on_behalf_of_person_id"], unknown.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));

        var byPerson = ValidCase();
        byPerson.OnBehalfOfPersonId = untrained.Person.PersonId;
        var notAllowed = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.SubmitCaseAsync(byPerson, Bearer(agent.Token)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, notAllowed.StatusCode);
    }
}
