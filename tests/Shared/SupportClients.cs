using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Escalation.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Rca.V1;

namespace SupportPlatform.Tests.Shared;

/// <summary>
/// gRPC clients of the five services and the steps tests repeat: the bootstrap admin's token,
/// a customer organisation, a signed-in person, a fully detailed case, waiting for an event's
/// effect. Shared (as linked source) by the service tests and the end-to-end tests.
/// </summary>
public class SupportClients(string bootstrapSecret)
{
    private int counter;

    public GrpcChannel IdentityChannel { get; set; } = null!;
    public GrpcChannel CasesChannel { get; set; } = null!;
    public GrpcChannel EscalationChannel { get; set; } = null!;
    public GrpcChannel RcaChannel { get; set; } = null!;
    public GrpcChannel NotificationChannel { get; set; } = null!;

    public OrganizationService.OrganizationServiceClient Organizations => new(IdentityChannel);
    public PeopleService.PeopleServiceClient People => new(IdentityChannel);
    public TokenService.TokenServiceClient Tokens => new(IdentityChannel);
    public ResponsibilityService.ResponsibilityServiceClient Responsibilities => new(IdentityChannel);
    public CaseService.CaseServiceClient Cases => new(CasesChannel);
    public AccessService.AccessServiceClient Access => new(CasesChannel);
    public SlaService.SlaServiceClient Slas => new(EscalationChannel);
    public SlaPolicyService.SlaPolicyServiceClient SlaPolicies => new(EscalationChannel);
    public EscalationService.EscalationServiceClient Escalations => new(EscalationChannel);
    public OnCallService.OnCallServiceClient OnCall => new(EscalationChannel);
    public EscalationPolicyService.EscalationPolicyServiceClient EscalationPolicies => new(EscalationChannel);
    public PagingService.PagingServiceClient Paging => new(EscalationChannel);
    public RcaService.RcaServiceClient Rcas => new(RcaChannel);
    public NotificationService.NotificationServiceClient Notifications => new(NotificationChannel);

    public static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    public async Task<string> AdminTokenAsync() =>
        (await Tokens.IssueTokenAsync(new IssueTokenRequest
        {
            GrantType = GrantType.ClientCredentials,
            ClientId = "bootstrap-admin",
            ClientSecret = bootstrapSecret,
        })).AccessToken;

    public async Task<Organization> CreateCustomerAsync(SupportPlan plan = SupportPlan.PremiumPlus, Deployment deployment = Deployment.Cloud)
    {
        var admin = await AdminTokenAsync();
        var response = await Organizations.RegisterOrganizationAsync(new RegisterOrganizationRequest
        {
            Name = $"Customer {Interlocked.Increment(ref counter)} {Guid.NewGuid():N}"[..40],
            Plan = plan,
            Deployment = deployment,
            TimeZone = "Europe/Amsterdam",
            ProductVersion = deployment == Deployment.OnPremises ? "8.2.1" : "",
        }, Bearer(admin));
        return response.Organization;
    }

    /// <summary>A person with a password, signed in.</summary>
    public sealed record SignedIn(Person Person, string Token);

    /// <summary>The password of every person <see cref="CreatePersonAsync"/> registers.</summary>
    public const string Password = "a-long-test-password";

    public async Task<SignedIn> CreatePersonAsync(string organizationId, Role role, bool withPhone = true, DateTimeOffset? trainingExpires = null, bool trained = true)
    {
        var admin = await AdminTokenAsync();
        var email = $"person{Interlocked.Increment(ref counter)}-{Guid.NewGuid():N}@example.com";
        const string password = Password;
        var request = new RegisterPersonRequest
        {
            OrganizationId = organizationId,
            DisplayName = "Test person",
            Email = email,
            Phone = withPhone ? "+31201234567" : "",
            Roles = { role },
            Password = password,
        };
        if (trained)
        {
            request.TrainingExpiresAt = Timestamp.FromDateTimeOffset(trainingExpires ?? DateTimeOffset.UtcNow.AddYears(1));
        }
        var person = (await People.RegisterPersonAsync(request, Bearer(admin))).Person;
        var token = await Tokens.IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.Password, Username = email, Password = password });
        return new SignedIn(person, token.AccessToken);
    }

    /// <summary>An L2 engineer of the vendor (the organisation of the bootstrap admin).</summary>
    public async Task<SignedIn> CreateVendorEngineerAsync(bool withPhone = true)
    {
        var admin = await AdminTokenAsync();
        var vendorId = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(admin).GetClaim("org").Value;
        return await CreatePersonAsync(vendorId, Role.L2Engineer, withPhone, trained: false);
    }

    /// <summary>
    /// A question the agent submits and the vendor's engineer acknowledges and resolves, through
    /// <paramref name="cases"/>; the request that would close it now.
    /// </summary>
    public static async Task<CloseCaseRequest> ResolvedQuestionAsync(CaseService.CaseServiceClient cases, string agentToken, string engineerToken)
    {
        var submitted = (await cases.SubmitCaseAsync(ValidCase(Priority.P3, CaseType.Question), Bearer(agentToken))).Case;
        var acknowledged = (await cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version }, Bearer(engineerToken))).Case;
        var resolved = (await cases.ResolveCaseAsync(new ResolveCaseRequest
        {
            CaseId = submitted.CaseId, Version = acknowledged.Version, ResolutionSummary = "Answered the question in detail.",
        }, Bearer(engineerToken))).Case;
        return new CloseCaseRequest { CaseId = submitted.CaseId, Version = resolved.Version };
    }

    /// <summary>
    /// The first override of an organisation's matrix that makes the vendor Responsible for
    /// priming end users' contact, closing cases included (the customer's task by default).
    /// </summary>
    public static SetMatrixOverrideRequest VendorRunsEndUserHelpdesk(string organizationId) => new()
    {
        OrganizationId = organizationId,
        TaskId = "prime-contact-end-users",
        Party = Party.Vendor,
        Letters = { Letter.Responsible },
        ExpectedVersion = 0,
        Reason = "The vendor runs this customer's end-user helpdesk.",
    };

    /// <summary>A fully detailed case as the guidelines want it.</summary>
    public static SubmitCaseRequest ValidCase(Priority priority = Priority.P1, CaseType type = CaseType.Incident,
        Deployment deployment = Deployment.Cloud, string? requestId = null) => new()
    {
        RequestId = requestId ?? Guid.NewGuid().ToString(),
        Details = new CaseDetails
        {
            Title = "Inbound calls drop after thirty seconds",
            Description = "Since 09:00 every inbound call to the main queue drops after about thirty seconds.",
            Type = type,
            Priority = priority,
            Deployment = deployment,
            AffectedComponent = "Dialogue Cloud",
            ProductVersion = "8.2.1",
            StartedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)),
            StepsToReproduce = "Call the main number and wait.",
            ExpectedBehavior = "The call continues.",
            ActualBehavior = "The call drops after thirty seconds.",
            AffectedUsers = 120,
            L1ChecksPerformed = "SBC and SIP trunk healthy; Teams tenant healthy.",
            BusinessImpact = "The contact centre cannot take calls.",
            AttestedVendorAttributable = true,
        },
    };

    /// <summary>
    /// Escalates a case functionally with a reason as <paramref name="token"/>'s holder, once the
    /// escalation service has heard of the case (it is NOT_FOUND until then).
    /// </summary>
    public Task EscalateFunctionallyAsync(string caseId, string reason, string token) =>
        WaitUntilAsync(async () =>
        {
            try
            {
                await Escalations.EscalateCaseAsync(new EscalateCaseRequest { CaseId = caseId, Kind = EscalationKind.Functional, Reason = reason }, Bearer(token));
                return true;
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(20), "the escalation service knows the case");

    /// <summary>Polls until the condition holds or the timeout passes; then fails with the description.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string description)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:F0} s waiting until {description}.");
            }
            await Task.Delay(100);
        }
    }


    /// <summary>What a P1 incident left behind once it was submitted, acknowledged and resolved.</summary>
    public sealed record P1Trail(
        Case Submitted,
        Case Resolved,
        CaseSla Sla,
        SupportPlatform.Rca.V1.Rca Rca,
        IReadOnlyList<Notification.V1.Notification> SubmitterNotifications,
        IReadOnlyList<Notification.V1.Notification> QueueNotifications);

    /// <summary>The event types a resolved P1 incident notifies its submitter and the vendor queue of.</summary>
    public static readonly string[] P1NotificationTypes = ["CaseAcknowledged", "CaseResolved", "CaseSubmitted", "RcaRequired"];

    /// <summary>
    /// Submits a P1 incident as <paramref name="agent"/>, acknowledges and resolves it (vendor
    /// component) as <paramref name="engineer"/>, then waits for its SLA record to show the
    /// resolution, for its RCA, and for the four notifications of the submitter and the queue.
    /// </summary>
    public async Task<P1Trail> FollowP1IncidentAsync(SignedIn agent, SignedIn engineer, TimeSpan wait)
    {
        var submitted = (await Cases.SubmitCaseAsync(ValidCase(Priority.P1), Bearer(agent.Token))).Case;
        var acknowledged = (await Cases.AcknowledgeCaseAsync(
            new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version }, Bearer(engineer.Token))).Case;
        var resolved = (await Cases.ResolveCaseAsync(new ResolveCaseRequest
        {
            CaseId = submitted.CaseId,
            Version = acknowledged.Version,
            ResolutionSummary = "Fixed the media relay timeout in the cloud tenant.",
            Cause = CauseAttribution.VendorComponent,
        }, Bearer(engineer.Token))).Case;

        CaseSla? sla = null;
        await WaitUntilAsync(async () =>
        {
            try
            {
                sla = (await Slas.GetCaseSlaAsync(new GetCaseSlaRequest { CaseId = submitted.CaseId }, Bearer(agent.Token))).Sla;
                return sla.Resolution.ReachedAt is not null;
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
            {
                return false;
            }
        }, wait, "the SLA record shows the resolution");

        SupportPlatform.Rca.V1.Rca? rca = null;
        await WaitUntilAsync(async () =>
        {
            rca = (await Rcas.ListRcasAsync(new ListRcasRequest { CaseId = submitted.CaseId }, Bearer(agent.Token))).Rcas.SingleOrDefault();
            return rca is not null;
        }, wait, "the RCA exists");

        var request = new ListNotificationsRequest { CaseId = submitted.CaseId };
        await WaitUntilAsync(async () =>
            (await Notifications.ListNotificationsAsync(request, Bearer(agent.Token))).Notifications.Count >= P1NotificationTypes.Length
            && (await Notifications.ListNotificationsAsync(request, Bearer(engineer.Token))).Notifications.Count >= P1NotificationTypes.Length,
            wait, "the submitter and the vendor queue have four notifications each");
        // A duplicate would arrive right behind the original: give it the chance to show.
        await Task.Delay(500);
        var mine = (await Notifications.ListNotificationsAsync(request, Bearer(agent.Token))).Notifications;
        var queue = (await Notifications.ListNotificationsAsync(request, Bearer(engineer.Token))).Notifications
            .Where(n => n.RecipientKind == RecipientKind.VendorSupportQueue).ToList();
        return new P1Trail(submitted, resolved, sla!, rca!, mine, queue);
    }
}
