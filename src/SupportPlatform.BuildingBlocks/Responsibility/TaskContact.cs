namespace SupportPlatform.BuildingBlocks.Responsibility;

/// <summary>A person to contact for a task: VENDOR, CUSTOMER or END_USERS, with e-mail and phone ("" when none).</summary>
public sealed record TaskContact(Guid PersonId, string Party, string DisplayName, string Email, string Phone);
