extern alias client;

using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using SupportPlatform.Tests.Shared;
using client::SupportPlatform.Client;
using ClientCases = client::SupportPlatform.Cases.V1;
using Sdk = client::SupportPlatform.Client;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// SupportPlatform.Client as a .NET integrator uses it: registered with AddSupportPlatformClient,
/// signed in with an integration account's client credentials, refusals as typed exceptions.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ClientLibraryTests(StackFixture fixture)
{
    [Fact]
    public async Task AnIntegrationAccount_SubmitsOnBehalfOfAnAgent_GetsTypedRefusals_AndRenewsItsTokenBeforeItExpires()
    {
        var stack = fixture.Stack;
        var admin = await stack.AdminTokenAsync();
        var customer = await stack.CreateCustomerAsync();
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var account = await stack.Organizations.CreateServiceAccountAsync(new CreateServiceAccountRequest
        {
            OrganizationId = customer.OrganizationId, DisplayName = "CRM connector", Roles = { Role.Integration },
        }, SupportClients.Bearer(admin));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var provider = new ServiceCollection()
            .AddSupportPlatformClient(options =>
            {
                options.Identity = stack.GrpcAddresses["identity"];
                options.Cases = stack.GrpcAddresses["cases"];
                options.ClientId = account.ClientId;
                options.ClientSecret = account.ClientSecret;
                options.TimeProvider = clock;
            })
            .BuildServiceProvider();
        var cases = provider.GetRequiredService<ClientCases.CaseService.CaseServiceClient>();
        var tokens = Assert.IsType<Sdk.ClientCredentialsTokenSource>(provider.GetRequiredService<Sdk.ISupportPlatformTokenSource>());

        // Submitted on behalf of the agent, with no token handling in the caller's code; the same
        // request id again is the same case.
        var request = ClientCases.SubmitCaseRequest.Parser.ParseFrom(SupportClients.ValidCase(SupportPlatform.Common.V1.Priority.P2).ToByteArray());
        request.OnBehalfOfPersonId = agent.Person.PersonId;
        var submitted = await cases.SubmitCaseAsync(request);
        Assert.Equal(ClientCases.CaseStatus.Submitted, submitted.Case.Status);
        Assert.Equal(agent.Person.PersonId, submitted.Case.SubmitterId);
        Assert.True((await cases.SubmitCaseAsync(request)).Replayed);
        Assert.Equal(1, tokens.TokensIssued);

        // Two fields missing: every violation, typed, and still an RpcException for older handlers.
        var incomplete = request.Clone();
        incomplete.RequestId = Guid.NewGuid().ToString();
        incomplete.Details.Title = "";
        incomplete.Details.BusinessImpact = "";
        var invalid = await Assert.ThrowsAsync<Sdk.FieldViolationException>(() => cases.SubmitCaseAsync(incomplete).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains(invalid.Violations, violation => violation.Field == "details.title");
        Assert.Contains(invalid.Violations, violation => violation.Field == "details.business_impact");
        Assert.IsAssignableFrom<RpcException>(invalid);

        // A change the account's kind may not make: the reason to switch on.
        var refused = await Assert.ThrowsAsync<Sdk.SupportPlatformRpcException>(() => cases.AcknowledgeCaseAsync(
            new ClientCases.AcknowledgeCaseRequest { CaseId = submitted.Case.CaseId, Version = submitted.Case.Version }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal("NOT_ALLOWED_FOR_PRINCIPAL", refused.Reason);

        // A stale version: ABORTED with the reason STALE_VERSION.
        var withdrawn = await cases.WithdrawCaseAsync(new ClientCases.WithdrawCaseRequest
        {
            CaseId = submitted.Case.CaseId, Version = submitted.Case.Version, Reason = "Solved by a restart on our side.",
        });
        Assert.Equal(ClientCases.CaseStatus.Withdrawn, withdrawn.Case.Status);
        var stale = await Assert.ThrowsAsync<Sdk.SupportPlatformRpcException>(() => cases.WithdrawCaseAsync(new ClientCases.WithdrawCaseRequest
        {
            CaseId = submitted.Case.CaseId, Version = submitted.Case.Version, Reason = "Twice.",
        }).ResponseAsync);
        Assert.Equal("STALE_VERSION", stale.Reason);

        // Withdrawn cannot be withdrawn again: the precondition, typed.
        var failed = await Assert.ThrowsAsync<Sdk.PreconditionFailedException>(() => cases.WithdrawCaseAsync(new ClientCases.WithdrawCaseRequest
        {
            CaseId = submitted.Case.CaseId, Version = withdrawn.Case.Version, Reason = "Twice.",
        }).ResponseAsync);
        Assert.Equal("CASE_STATE", Assert.Single(failed.Violations).Type);

        // The token is replaced shortly before it expires (15 minutes), not after; calls go on.
        Assert.Equal(1, tokens.TokensIssued);
        clock.Advance(TimeSpan.FromMinutes(13));
        await cases.GetCaseAsync(new ClientCases.GetCaseRequest { CaseId = submitted.Case.CaseId });
        Assert.Equal(1, tokens.TokensIssued);
        clock.Advance(TimeSpan.FromMinutes(1.5));
        var read = await cases.GetCaseAsync(new ClientCases.GetCaseRequest { CaseId = submitted.Case.CaseId });
        Assert.Equal(2, tokens.TokensIssued);
        Assert.Equal(ClientCases.CaseStatus.Withdrawn, read.Case.Status);
    }

    [Fact]
    public void ThePackage_StandsWithoutAspNetCore()
    {
        var references = typeof(Sdk.SupportPlatformClient).Assembly.GetReferencedAssemblies().Select(reference => reference.Name!).ToList();
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || name.StartsWith("Grpc.AspNetCore", StringComparison.Ordinal));
        Assert.Contains("Grpc.Net.Client", references);
    }

    [Fact]
    public void WithoutTheIdentityAddress_TheClientSaysWhatIsMissing()
    {
        var exception = Assert.Throws<ArgumentException>(() => new Sdk.SupportPlatformClient(new Sdk.SupportPlatformClientOptions()));
        Assert.Contains("Identity", exception.Message, StringComparison.Ordinal);
    }
}
