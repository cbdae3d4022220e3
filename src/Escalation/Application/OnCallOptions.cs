namespace SupportPlatform.Escalation.Application;

/// <summary>Settings of on-call paging (section <c>OnCall</c>).</summary>
public sealed class OnCallOptions
{
    /// <summary>
    /// The escalation policy a Premium Plus P1 walks; unset: the seeded "Premium Plus P1"
    /// (<see cref="Data.OnCallSeed.P1PolicyId"/>).
    /// </summary>
    public Guid? P1PolicyId { get; set; }
}
