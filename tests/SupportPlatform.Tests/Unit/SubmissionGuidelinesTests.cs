extern alias cases;

using cases::SupportPlatform.Cases.Domain;
using Google.Rpc;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Unit;

public sealed class SubmissionGuidelinesTests
{
    private static readonly ContractFacts Cloud = new("PREMIUM", Deployment.Cloud, "");
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static IReadOnlyList<string> Violations(SubmitCaseRequest request, ContractFacts? contract = null)
    {
        try
        {
            SubmissionGuidelines.Validate(request, contract ?? Cloud, Now);
            return [];
        }
        catch (ValidationException exception)
        {
            return exception.Violations.Select(v => v.Field).Order().ToList();
        }
    }

    [Fact]
    public void FullyDetailedCase_IsAccepted() => Assert.Empty(Violations(ValidCase()));

    [Fact]
    public void EmptyDetails_ReportEveryMissingField()
    {
        var request = new SubmitCaseRequest { RequestId = "r", Details = new CaseDetails() };

        Assert.Equal(
            [
                "details.actual_behavior", "details.affected_component", "details.affected_users",
                "details.attested_vendor_attributable", "details.deployment", "details.description",
                "details.expected_behavior", "details.l1_checks_performed", "details.priority",
                "details.product_version", "details.started_at", "details.steps_to_reproduce",
                "details.title", "details.type",
            ],
            Violations(request));
    }

    [Theory]
    [InlineData(Priority.P1, true)]
    [InlineData(Priority.P2, true)]
    [InlineData(Priority.P3, false)]
    [InlineData(Priority.P4, false)]
    public void BusinessImpact_IsRequiredForP1AndP2Only(Priority priority, bool required)
    {
        var request = ValidCase(priority);
        request.Details.BusinessImpact = "";

        Assert.Equal(required, Violations(request).Contains("details.business_impact"));
    }

    [Fact]
    public void Deployment_MustMatchTheContract()
    {
        var request = ValidCase(deployment: Deployment.OnPremises);

        Assert.Equal(["details.deployment"], Violations(request));
        Assert.Empty(Violations(request, new ContractFacts("PREMIUM", Deployment.OnPremises, "8.2.1")));
    }

    [Fact]
    public void StartInTheFuture_AndMissingAttestation_AreRefused()
    {
        var request = ValidCase();
        request.Details.StartedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(Now.AddHours(2));
        request.Details.AttestedVendorAttributable = false;

        Assert.Equal(["details.attested_vendor_attributable", "details.started_at"], Violations(request));
    }

    [Fact]
    public void MissingRequestId_IsReported()
    {
        var request = ValidCase();
        request.RequestId = " ";

        Assert.Equal(["request_id"], Violations(request));
    }

    [Fact]
    public void Violations_CarryADescriptionForAPerson()
    {
        var error = Assert.Throws<ValidationException>(() => new Violations().Add("field", "is required").ThrowIfAny());

        Assert.Equal(new BadRequest.Types.FieldViolation { Field = "field", Description = "is required" }, Assert.Single(error.Violations));
    }
}
