namespace SupportPlatform.Escalation.Data;

/// <summary>What migration 0003 seeds: the default 24x7 schedule and the Premium Plus P1 policy that pages its on-call.</summary>
public static class OnCallSeed
{
    /// <summary>"Premium Plus 24x7", UTC, without layers until an administrator adds them.</summary>
    public static readonly Guid ScheduleId = Guid.Parse("00000000-0000-4000-8000-000000024007");

    /// <summary>"Premium Plus P1": the schedule's on-call, 10 minutes to acknowledge, repeated twice.</summary>
    public static readonly Guid P1PolicyId = Guid.Parse("00000000-0000-4000-8000-0000000000a1");
}
