using System.Diagnostics;

namespace SupportPlatform.Benchmark;

/// <summary>One RabbitMQ node of a <see cref="BenchStack"/>: its Erlang node name, instance folder, ports and supervising script.</summary>
public sealed record BrokerNode(string Name, string Instance, int AmqpPort, int EpmdPort, Process Process);
