namespace SupportPlatform.Notification.Domain;

/// <summary>A link into the portal: where, and what it says.</summary>
public sealed record MessageLink(string Url, string Label);
