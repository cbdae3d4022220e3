namespace SupportPlatform.BuildingBlocks.Messaging;

/// <summary>Wakes the relay when a transaction with outbox rows commits.</summary>
public sealed class OutboxSignal : WakeSignal;
