using SupportPlatform.BuildingBlocks.Security;

namespace SupportPlatform.Identity.Domain;

/// <summary>
/// Who may submit cases for a customer: an active L1 agent of that organisation with a registered
/// e-mail address and phone number and unexpired training (docs/design.md, "Authorised submitters").
/// </summary>
public static class SubmitterRules
{
    /// <summary>The reasons the person may not submit; empty when they may.</summary>
    public static IReadOnlyList<string> Check(PersonRecord person, OrganizationRecord organization, DateTimeOffset now)
    {
        var reasons = new List<string>();
        if (organization.Kind != OrganizationKinds.Customer)
        {
            reasons.Add("Only customer organisations submit cases.");
        }
        if (person.OrganizationId != organization.Id)
        {
            reasons.Add("The person does not belong to the case's organisation.");
        }
        if (!person.Active)
        {
            reasons.Add("The person is deactivated.");
        }
        if (!person.RoleSet.Contains(Roles.L1Agent))
        {
            reasons.Add("Only L1 agents submit cases; the person does not hold the L1_AGENT role.");
        }
        if (string.IsNullOrWhiteSpace(person.Email))
        {
            reasons.Add("The person has no registered e-mail address.");
        }
        if (string.IsNullOrWhiteSpace(person.Phone))
        {
            reasons.Add("The person has no registered phone number; register one to be authorised.");
        }
        if (person.TrainingExpiresAt is null)
        {
            reasons.Add("The person has no recorded L1 training.");
        }
        else if (person.TrainingExpiresAt <= now)
        {
            reasons.Add($"The person's L1 training expired on {person.TrainingExpiresAt:yyyy-MM-dd}; renew it to be authorised.");
        }
        return reasons;
    }
}
