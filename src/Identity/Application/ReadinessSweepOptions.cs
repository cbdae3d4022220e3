namespace SupportPlatform.Identity.Application;

public sealed class ReadinessSweepOptions
{
    /// <summary>How often every customer is re-counted (trainings expire with time alone).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}
