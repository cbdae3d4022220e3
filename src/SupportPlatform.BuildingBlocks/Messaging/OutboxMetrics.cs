using System.Diagnostics.Metrics;

namespace SupportPlatform.BuildingBlocks.Messaging;

/// <summary>
/// The outbox's instruments on the <c>SupportPlatform.Outbox</c> meter: how many rows were parked
/// (a counter of events) and how many parked rows the table holds now (a gauge).
/// </summary>
public sealed class OutboxMetrics
{
    /// <summary>The meter's name; ServiceDefaults listens to it.</summary>
    public const string MeterName = "SupportPlatform.Outbox";

    private readonly Counter<long> parked;
    private long parkedRows;

    public OutboxMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        parked = Meter.CreateCounter<long>("supportplatform.outbox.parked", "{message}",
            "Outbox rows parked after too many failed attempts of their own.");
        // A gauge, not an up-down counter: every replica reports the same shared table, and
        // back-ends sum up-down counters across replicas.
        Meter.CreateObservableGauge("supportplatform.outbox.parked_rows", () => Volatile.Read(ref parkedRows), "{message}",
            "Parked outbox rows waiting for an operator.");
    }

    /// <summary>The meter, for listeners in tests.</summary>
    public Meter Meter { get; }

    /// <summary>Counts one row parked now.</summary>
    public void RowParked(string messageType) =>
        parked.Add(1, new KeyValuePair<string, object?>("message_type", messageType));

    /// <summary>Sets the number of parked rows in the table, as last counted.</summary>
    public void SetParkedRows(long count) => Volatile.Write(ref parkedRows, count);
}
