namespace SupportPlatform.Cases.Domain;

/// <summary>One history entry a change writes.</summary>
public sealed record HistoryChange(string Action, string? Field, string? OldValue, string? NewValue, bool Internal = false);
