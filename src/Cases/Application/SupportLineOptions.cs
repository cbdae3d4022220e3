namespace SupportPlatform.Cases.Application;

/// <summary>The vendor's support line (section <c>Support</c>).</summary>
public sealed class SupportLineOptions
{
    /// <summary>The 24x7 hotline number given to Premium Plus customers with their P1s; empty: none is given.</summary>
    public string HotlineNumber { get; set; } = "";
}
