namespace SupportPlatform.Escalation.Data;

/// <summary>The values of <c>pages.state</c>.</summary>
public static class PageStates
{
    public const string Open = "OPEN";
    public const string Acknowledged = "ACKNOWLEDGED";
    public const string Exhausted = "EXHAUSTED";
}
