namespace SupportPlatform.BuildingBlocks.Messaging;

/// <summary>What one round of the <see cref="OutboxRelay"/> did.</summary>
/// <param name="Leased">Rows leased; a full batch means more may be waiting.</param>
/// <param name="Sent">Rows the broker confirmed.</param>
/// <param name="Failed">Rows the broker did not take (refused, not confirmed in time, away).</param>
/// <param name="Undeliverable">Rows this version cannot publish: unknown type or a body that does not deserialise.</param>
/// <param name="Parked">Rows parked in this round.</param>
public readonly record struct OutboxRound(int Leased, int Sent, int Failed, int Undeliverable, int Parked)
{
    /// <summary>
    /// The broker itself looks away: it took nothing and refused something. Only then does the
    /// relay back off; a row that fails alone waits on its own retry time instead.
    /// </summary>
    public bool BrokerAway => Failed > 0 && Sent == 0;
}
