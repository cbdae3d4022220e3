using SupportPlatform.BuildingBlocks.Messaging;

namespace SupportPlatform.Benchmark.DurableInsert;

/// <summary>The first of the two consumers of the floor's event (in the platform's shape: escalation's).</summary>
public sealed class FirstFloorConsumer(FloorDatabases databases, Outbox outbox, TimeProvider clock) : FloorConsumer(databases.First, outbox, clock);
