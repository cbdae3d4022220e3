using System.Diagnostics;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Rca.V1;
using SupportPlatform.Tests.Infrastructure;
using SupportPlatform.Tests.Shared;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>Malformed and oversized requests get a clear status, never INTERNAL or UNKNOWN.</summary>
[Collection(StackCollection.Name)]
public sealed class BadInputTests(StackFixture fixture)
{
    [Fact]
    public async Task EveryRpc_WithAnEmptyOrGarbageRequest_AnswersAClearStatus()
    {
        var stack = fixture.Stack;
        var admin = await stack.AdminTokenAsync();
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        (FileDescriptor File, GrpcChannel Channel)[] files =
        [
            (IdentityReflection.Descriptor, stack.IdentityChannel),
            (ResponsibilityReflection.Descriptor, stack.IdentityChannel),
            (CasesReflection.Descriptor, stack.CasesChannel),
            (SupportPlatform.Escalation.V1.EscalationReflection.Descriptor, stack.EscalationChannel),
            (SupportPlatform.Escalation.V1.OncallReflection.Descriptor, stack.EscalationChannel),
            (RcaReflection.Descriptor, stack.RcaChannel),
            (SupportPlatform.Notification.V1.NotificationReflection.Descriptor, stack.NotificationChannel),
        ];
        // An empty message, and bytes that are not a valid message of any type.
        byte[][] bodies = [[], [0xFF, 0xFF, 0xFF, 0x0F, 0x01]];

        foreach (var (file, channel) in files)
        {
            foreach (var method in file.Services.SelectMany(service => service.Methods))
            {
                foreach (var token in new[] { admin, agent.Token })
                {
                    foreach (var body in bodies)
                    {
                        var status = (await RawCalls.CallAsync(channel, method, body, Bearer(token))).Code;
                        if (body.Length == 0)
                        {
                            Assert.True(status is not (StatusCode.Internal or StatusCode.Unknown),
                                $"{method.FullName} with an empty request answered {status}");
                        }
                        else
                        {
                            // Bytes that are no protobuf message fail in grpc-dotnet's deserializer,
                            // before any interceptor runs: UNKNOWN, never OK and never INTERNAL.
                            Assert.True(status is not (StatusCode.Internal or StatusCode.OK),
                                $"{method.FullName} with a garbage body answered {status}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public async Task MalformedIds_AreInvalidArgument_WithTheFieldNamed()
    {
        var stack = fixture.Stack;
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);

        var getCase = await Assert.ThrowsAsync<RpcException>(() =>
            stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = "not-a-uuid" }, Bearer(agent.Token)).ResponseAsync);
        var listRcas = await Assert.ThrowsAsync<RpcException>(() =>
            stack.Rcas.ListRcasAsync(new ListRcasRequest { PageSize = 1000, PageToken = "forged" }, Bearer(agent.Token)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, getCase.StatusCode);
        Assert.Equal(["case_id"], getCase.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(["page_size", "page_token"], listRcas.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task OversizedRequest_IsResourceExhausted_AndWritesNothing()
    {
        var stack = fixture.Stack;
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var request = ValidCase();
        request.Details.Description = new string('x', 2 * 1024 * 1024);

        var error = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.SubmitCaseAsync(request, Bearer(agent.Token)).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(BuildingBlocks.Grpc.RequestSizeLimits.Reason, error.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>().Reason);
        Assert.True(request.CalculateSize() > BuildingBlocks.Grpc.RequestSizeLimits.For("/support.cases.v1.CaseService/SubmitCase"));
        Assert.Equal(0, await Sql.CountAsync(stack.DatabaseFile("casedb"), "SELECT COUNT(*) FROM cases WHERE request_id = @p", request.RequestId));
    }

    // Outside google/protobuf/timestamp.proto's range (0001-01-01 .. 9999-12-31, nanos 0 .. 999,999,999).
    private static readonly Timestamp[] BadTimestamps =
    [
        new() { Seconds = -62_135_596_801 },
        new() { Seconds = 253_402_300_800 },
        new() { Seconds = 1_767_225_600, Nanos = -1 },
        new() { Seconds = 1_767_225_600, Nanos = 1_000_000_000 },
    ];

    // Outside google/protobuf/duration.proto's range (±315,576,000,000 s), mixed signs, |nanos| too large.
    private static readonly Duration[] BadDurations =
    [
        new() { Seconds = long.MaxValue },
        new() { Seconds = long.MinValue },
        new() { Seconds = 3600, Nanos = -1 },
        new() { Seconds = -3600, Nanos = 1 },
        new() { Seconds = 0, Nanos = 1_000_000_000 },
        new() { Seconds = 0, Nanos = -1_000_000_000 },
    ];

    [Fact]
    public async Task OutOfRangeTimestampsAndDurations_AreInvalidArgument_NamingTheField_OnEveryRpcCarryingThem()
    {
        var stack = fixture.Stack;
        var admin = await stack.AdminTokenAsync();
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        // A real returned case, organisation and person, so that without the check each call would
        // reach the code that converts the value.
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(), Bearer(agent.Token))).Case;
        var returned = (await stack.Cases.ReturnCaseAsync(new ReturnCaseRequest
        {
            CaseId = submitted.CaseId, Version = submitted.Version, Reason = ReturnReason.NotDetailedEnough, Explanation = "Add the SBC logs.",
        }, Bearer(engineer.Token))).Case;
        var contract = customer.Contract.Clone();
        var organizationName = "Never registered " + Guid.NewGuid().ToString("N")[..8];
        var requestIds = new List<string>();
        const string trainingsSql = "SELECT COUNT(*) FROM training_records WHERE upper(person_id) = upper(@p)";
        var trainings = await Sql.CountAsync(stack.DatabaseFile("identitydb"), trainingsSql, agent.Person.PersonId);

        (string Field, Func<Timestamp, Task> Call)[] timestampCalls =
        [
            ("valid_from", at => stack.Organizations.RegisterOrganizationAsync(NewOrganization(organizationName, validFrom: at), Bearer(admin)).ResponseAsync),
            ("valid_until", at => stack.Organizations.RegisterOrganizationAsync(NewOrganization(organizationName, validUntil: at), Bearer(admin)).ResponseAsync),
            ("contract.valid_from", at => stack.Organizations.UpdateContractAsync(Contract(customer, contract, validFrom: at), Bearer(admin)).ResponseAsync),
            ("contract.valid_until", at => stack.Organizations.UpdateContractAsync(Contract(customer, contract, validUntil: at), Bearer(admin)).ResponseAsync),
            ("training_expires_at", at => stack.People.RegisterPersonAsync(new RegisterPersonRequest
            {
                OrganizationId = customer.OrganizationId, DisplayName = "Never registered", Email = $"never-{Guid.NewGuid():N}@example.com",
                Phone = "+31201234567", Roles = { Role.L1Agent }, TrainingExpiresAt = at,
            }, Bearer(admin)).ResponseAsync),
            ("completed_at", at => stack.People.RecordTrainingAsync(Training(agent, completedAt: at), Bearer(admin)).ResponseAsync),
            ("expires_at", at => stack.People.RecordTrainingAsync(Training(agent, expiresAt: at), Bearer(admin)).ResponseAsync),
            ("details.started_at", at =>
            {
                var request = ValidCase();
                request.Details.StartedAt = at;
                requestIds.Add(request.RequestId);
                return stack.Cases.SubmitCaseAsync(request, Bearer(agent.Token)).ResponseAsync;
            }),
            ("details.started_at", at =>
            {
                var details = ValidCase().Details;
                details.StartedAt = at;
                return stack.Cases.ResubmitCaseAsync(new ResubmitCaseRequest { CaseId = returned.CaseId, Version = returned.Version, Details = details }, Bearer(agent.Token)).ResponseAsync;
            }),
            ("updated_since", at => stack.Cases.ListCasesAsync(new ListCasesRequest { UpdatedSince = at }, Bearer(agent.Token)).ResponseAsync),
        ];
        var failures = new List<string>();
        foreach (var (field, call) in timestampCalls)
        {
            foreach (var bad in BadTimestamps)
            {
                failures.AddRange(await InvalidNamingAsync(() => call(bad), field, $"{field} = {bad.Seconds}s {bad.Nanos}ns"));
            }
        }
        foreach (var bad in BadDurations)
        {
            failures.AddRange(await InvalidNamingAsync(() => stack.Access.RequestAccessAsync(new RequestAccessRequest
            {
                CaseId = returned.CaseId, System = "SBC admin console", Purpose = "Read the SIP traces", Duration = bad,
            }, Bearer(engineer.Token)).ResponseAsync, "duration", $"RequestAccess duration = {bad.Seconds}s {bad.Nanos}ns"));
        }

        Assert.Empty(failures);
        // Nothing was written: no organisation, case, training, access request or contract change.
        var casedb = stack.DatabaseFile("casedb");
        var identitydb = stack.DatabaseFile("identitydb");
        Assert.Equal(0, await Sql.CountAsync(identitydb, "SELECT COUNT(*) FROM organizations WHERE name = @p", organizationName));
        Assert.Equal(trainings, await Sql.CountAsync(identitydb, trainingsSql, agent.Person.PersonId));
        foreach (var requestId in requestIds)
        {
            Assert.Equal(0, await Sql.CountAsync(casedb, "SELECT COUNT(*) FROM cases WHERE request_id = @p", requestId));
        }
        Assert.Equal(0, await Sql.CountAsync(casedb, "SELECT COUNT(*) FROM access_grants WHERE upper(case_id) = upper(@p)", returned.CaseId));
        var after = (await stack.Cases.GetCaseAsync(new GetCaseRequest { CaseId = returned.CaseId }, Bearer(agent.Token))).Case;
        Assert.Equal(returned.Version, after.Version);
        var organization = (await stack.Organizations.GetOrganizationAsync(new GetOrganizationRequest { OrganizationId = customer.OrganizationId }, Bearer(admin))).Organization;
        Assert.Equal(customer.Contract.Version, organization.Contract.Version);
    }

    [Fact]
    public async Task ListCases_WithTenThousandFilters_IsInvalidArgument_Quickly()
    {
        var stack = fixture.Stack;
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var request = new ListCasesRequest
        {
            Statuses = { Enumerable.Repeat(CaseStatus.Submitted, 10_000) },
            Priorities = { Enumerable.Repeat(Priority.P1, 10_000) },
        };
        await stack.Cases.ListCasesAsync(new ListCasesRequest(), Bearer(agent.Token));

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RpcException>(() => stack.Cases.ListCasesAsync(request, Bearer(agent.Token)).ResponseAsync);
        clock.Stop();

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["statuses", "priorities"], error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
        // It answered OK after 7-9 s before; refusing takes one walk over the message.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task CreateServiceAccount_WithPersonRolesOrRepeatedRoles_IsInvalidArgument_AndCreatesNothing()
    {
        var stack = fixture.Stack;
        var admin = await stack.AdminTokenAsync();
        var customer = await stack.CreateCustomerAsync();
        var vendorId = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(admin).GetClaim("org").Value;
        var identitydb = stack.DatabaseFile("identitydb");
        var accounts = await Sql.CountAsync(identitydb, "SELECT COUNT(*) FROM service_accounts");
        (string Organization, Role[] Roles, string[] Fields)[] refused =
        [
            (customer.OrganizationId, [Role.L1Agent], ["roles[0]"]),
            (customer.OrganizationId, [.. Enumerable.Repeat(Role.L1Agent, 10_000)], ["roles"]),
            (customer.OrganizationId, [Role.Integration, Role.Integration], ["roles[1]"]),
            (customer.OrganizationId, [Role.Integration, Role.CustomerAdmin], ["roles[1]"]),
            (customer.OrganizationId, [Role.InternalService], ["roles[0]"]),
            (vendorId, [Role.Integration], ["roles[0]"]),
            (vendorId, [Role.PlatformAdmin, Role.InternalService], ["roles[0]"]),
        ];

        foreach (var (organization, roles, fields) in refused)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => stack.Organizations.CreateServiceAccountAsync(new CreateServiceAccountRequest
            {
                OrganizationId = organization, DisplayName = "Connector", Roles = { roles },
            }, Bearer(admin)).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Equal(fields, error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
        }

        Assert.Equal(accounts, await Sql.CountAsync(identitydb, "SELECT COUNT(*) FROM service_accounts"));
        // The one role of each kind is still accepted.
        await stack.Organizations.CreateServiceAccountAsync(new CreateServiceAccountRequest
        {
            OrganizationId = customer.OrganizationId, DisplayName = "CRM connector", Roles = { Role.Integration },
        }, Bearer(admin));
        await stack.Organizations.CreateServiceAccountAsync(new CreateServiceAccountRequest
        {
            OrganizationId = vendorId, DisplayName = "Reporting service", Roles = { Role.InternalService },
        }, Bearer(admin));
        Assert.Equal(accounts + 2, await Sql.CountAsync(identitydb, "SELECT COUNT(*) FROM service_accounts"));
    }

    /// <summary>Empty when the call is INVALID_ARGUMENT with exactly one field violation naming <paramref name="field"/>.</summary>
    private static async Task<IEnumerable<string>> InvalidNamingAsync(Func<Task> call, string field, string what)
    {
        try
        {
            await call();
            return [$"{what}: OK"];
        }
        catch (RpcException error)
        {
            var fields = error.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];
            return error.StatusCode == StatusCode.InvalidArgument && fields.SequenceEqual([field])
                ? []
                : [$"{what}: {error.StatusCode} [{string.Join(", ", fields)}]"];
        }
    }

    private static RegisterOrganizationRequest NewOrganization(string name, Timestamp? validFrom = null, Timestamp? validUntil = null) => new()
    {
        Name = name, Plan = SupportPlan.Premium, Deployment = Deployment.Cloud, TimeZone = "Europe/Amsterdam",
        ValidFrom = validFrom, ValidUntil = validUntil,
    };

    private static UpdateContractRequest Contract(Organization customer, SupportContract current, Timestamp? validFrom = null, Timestamp? validUntil = null)
    {
        var contract = current.Clone();
        contract.ValidFrom = validFrom ?? contract.ValidFrom;
        contract.ValidUntil = validUntil ?? contract.ValidUntil;
        return new UpdateContractRequest { OrganizationId = customer.OrganizationId, Contract = contract, ExpectedVersion = current.Version };
    }

    private static RecordTrainingRequest Training(SignedIn person, Timestamp? completedAt = null, Timestamp? expiresAt = null) => new()
    {
        PersonId = person.Person.PersonId,
        Course = "L1 operator certification",
        CompletedAt = completedAt ?? Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)),
        ExpiresAt = expiresAt ?? Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(1)),
    };
}
