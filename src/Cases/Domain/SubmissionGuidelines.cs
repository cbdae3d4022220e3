using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;

namespace SupportPlatform.Cases.Domain;

/// <summary>
/// The submission guidelines (docs/design.md, "Cases"): a case is fully detailed or it is refused with
/// every missing or invalid field at once. Pure: no I/O.
/// </summary>
public static class SubmissionGuidelines
{
    public static void Validate(SubmitCaseRequest request, ContractFacts contract, DateTimeOffset now)
    {
        var violations = new Violations().RequireText(request.RequestId, "request_id", 1, 100);
        var details = request.Details;
        if (details is null)
        {
            violations.Add("details", "is required").ThrowIfAny();
            return;
        }
        violations
            .RequireText(details.Title, "details.title", 5, 200)
            .RequireText(details.Description, "details.description", 20, 20000)
            .Require(ProtoEnums.IsSet(details.Type), "details.type", "must be INCIDENT, SERVICE_REQUEST, CHANGE_REQUEST or QUESTION")
            .Require(ProtoEnums.IsSet(details.Priority), "details.priority", "must be P1, P2, P3 or P4")
            .RequireText(details.AffectedComponent, "details.affected_component", 1, 200)
            .RequireText(details.ProductVersion, "details.product_version", 1, 50)
            .RequireText(details.StepsToReproduce, "details.steps_to_reproduce", 1, 20000)
            .RequireText(details.ExpectedBehavior, "details.expected_behavior", 1, 20000)
            .RequireText(details.ActualBehavior, "details.actual_behavior", 1, 20000)
            .RequireText(details.L1ChecksPerformed, "details.l1_checks_performed", 1, 20000)
            .Require(details.AffectedUsers >= 1, "details.affected_users", "must be at least 1")
            .Require(details.AttestedVendorAttributable, "details.attested_vendor_attributable",
                "L1 must attest that the issue was validated as highly likely attributable to the vendor");

        if (!ProtoEnums.IsSet(details.Deployment))
        {
            violations.Add("details.deployment", "must be CLOUD or ON_PREMISES");
        }
        else if (details.Deployment != contract.Deployment)
        {
            violations.Add("details.deployment", $"must match the support contract ({ProtoEnums.Name(contract.Deployment)})");
        }

        if (details.StartedAt is null)
        {
            violations.Add("details.started_at", "is required");
        }
        else if (details.StartedAt.ToDateTimeOffset() > now.AddMinutes(5))
        {
            violations.Add("details.started_at", "must not be in the future");
        }

        if (details.Priority is Priority.P1 or Priority.P2)
        {
            violations.RequireText(details.BusinessImpact, "details.business_impact", 1, 20000);
        }
        violations.ThrowIfAny();
    }
}
