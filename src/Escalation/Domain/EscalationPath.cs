namespace SupportPlatform.Escalation.Domain;

/// <summary>
/// The order in which a page walks an escalation policy: step 1 to the last step, then — at most
/// <c>repeats</c> more times — from step 1 again; after that the policy is exhausted.
/// </summary>
public static class EscalationPath
{
    /// <summary>The most times a policy may repeat after its first pass.</summary>
    public const int MaxRepeats = 10;

    public static PagePosition First { get; } = new(1, 1);

    /// <summary>The step after <paramref name="current"/>; null when the policy is exhausted.</summary>
    public static PagePosition? Next(PagePosition current, int stepCount, int repeats)
    {
        if (stepCount < 1 || repeats < 0 || current.Step < 1 || current.Step > stepCount || current.Attempt < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(current), "A position within a policy of at least one step.");
        }
        if (current.Step < stepCount)
        {
            return current with { Step = current.Step + 1 };
        }
        return current.Attempt <= repeats ? new PagePosition(1, current.Attempt + 1) : null;
    }

    /// <summary>How many steps a page that nobody acknowledges pages in all.</summary>
    public static int Length(int stepCount, int repeats) => stepCount * (repeats + 1);
}
