namespace SupportPlatform.Identity.Domain;

/// <summary>What one maintenance step changes; empty when nothing is due.</summary>
public sealed record KeyPlan(
    IReadOnlyList<string> Retire,
    string? Demote,
    string? Promote,
    bool CreateCurrent,
    bool CreateNext)
{
    public bool IsEmpty => Retire.Count == 0 && Demote is null && Promote is null && !CreateCurrent && !CreateNext;
}
