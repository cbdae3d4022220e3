namespace SupportPlatform.BuildingBlocks.Messaging;

/// <summary>What one run of <see cref="MessagingRetention"/> did.</summary>
/// <param name="Claimed">Whether this replica held the lease (otherwise it did nothing).</param>
/// <param name="OutboxDeleted">Sent outbox rows deleted.</param>
/// <param name="InboxDeleted">Inbox rows deleted.</param>
/// <param name="Batches">DELETE statements run.</param>
public readonly record struct RetentionRun(bool Claimed, int OutboxDeleted, int InboxDeleted, int Batches);
