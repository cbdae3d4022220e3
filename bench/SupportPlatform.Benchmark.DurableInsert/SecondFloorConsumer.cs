using SupportPlatform.BuildingBlocks.Messaging;

namespace SupportPlatform.Benchmark.DurableInsert;

/// <summary>The second of the two consumers of the floor's event (in the platform's shape: notification's).</summary>
public sealed class SecondFloorConsumer(FloorDatabases databases, Outbox outbox, TimeProvider clock) : FloorConsumer(databases.Second, outbox, clock);
