namespace SupportPlatform.Identity.Domain;

/// <summary>
/// The agreement's "skilled staff for level-1 support of at least 2 persons": which of a
/// customer's people are authorised submitters now, and what keeps the others from it. Pure.
/// </summary>
public static class SupportReadiness
{
    public const int Required = 2;

    public sealed record Evaluation(IReadOnlyList<PersonRecord> Authorized, IReadOnlyList<(PersonRecord Person, IReadOnlyList<string> Reasons)> Gaps)
    {
        public bool Compliant => Authorized.Count >= Required;
    }

    public static Evaluation Evaluate(IEnumerable<PersonRecord> people, OrganizationRecord organization, DateTimeOffset now)
    {
        var authorized = new List<PersonRecord>();
        var gaps = new List<(PersonRecord, IReadOnlyList<string>)>();
        foreach (var person in people.Where(p => p.Active && p.RoleSet.Contains(BuildingBlocks.Security.Roles.L1Agent)))
        {
            var reasons = SubmitterRules.Check(person, organization, now);
            if (reasons.Count == 0)
            {
                authorized.Add(person);
            }
            else
            {
                gaps.Add((person, reasons));
            }
        }
        return new Evaluation(authorized, gaps);
    }

    /// <summary>True when the count fell from compliant to below the requirement.</summary>
    public static bool Dropped(int? previous, int current) => previous >= Required && current < Required;
}
