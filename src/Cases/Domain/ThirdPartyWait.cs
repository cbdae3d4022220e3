using SupportPlatform.BuildingBlocks.Grpc;

namespace SupportPlatform.Cases.Domain;

/// <summary>
/// The vendor's record that a case waits on a third party (e.g. Microsoft, for the customer's
/// tenant): at most one at a time, started while the vendor works the case
/// (<see cref="CaseLifecycle.StartThirdPartyWait"/>) and ended by the vendor
/// (<see cref="CaseLifecycle.EndThirdPartyWait"/>) or by itself when the case leaves the states
/// it can be ended from (resolved, withdrawn, returned). Pure: it changes the record only.
/// </summary>
public static class ThirdPartyWait
{
    /// <summary>FAILED_PRECONDITION when the case already waits on a third party.</summary>
    public static void EnsureNone(CaseRecord record)
    {
        if (record.ThirdParty is { } waitedOn)
        {
            throw new PreconditionException("THIRD_PARTY_WAIT", $"cases/{record.Id}",
                $"The case already waits on {waitedOn} (since {record.ThirdPartySince:yyyy-MM-dd HH:mm} UTC); end that wait first.");
        }
    }

    /// <summary>FAILED_PRECONDITION when the case waits on no third party.</summary>
    public static void EnsureRecorded(CaseRecord record)
    {
        if (record.ThirdParty is null)
        {
            throw new PreconditionException("THIRD_PARTY_WAIT", $"cases/{record.Id}", "The case waits on no third party; there is no wait to end.");
        }
    }

    /// <summary>Records the wait on <paramref name="thirdParty"/> from <paramref name="now"/>; its history entry.</summary>
    public static HistoryChange Start(CaseRecord record, string thirdParty, DateTimeOffset now)
    {
        EnsureNone(record);
        record.ThirdParty = thirdParty.Trim();
        record.ThirdPartySince = now;
        return new HistoryChange(HistoryActions.ThirdPartyWaitStarted, "third_party", null, record.ThirdParty);
    }

    /// <summary>Ends the recorded wait; its history entry.</summary>
    public static HistoryChange End(CaseRecord record)
    {
        EnsureRecorded(record);
        var waitedOn = record.ThirdParty;
        record.ThirdParty = null;
        record.ThirdPartySince = null;
        return new HistoryChange(HistoryActions.ThirdPartyWaitEnded, "third_party", waitedOn, null);
    }

    /// <summary>
    /// After a state move: a recorded wait ends by itself when the case is in a state the wait
    /// cannot be ended from (resolved, withdrawn, returned to the customer); its history entry,
    /// or null when nothing ended.
    /// </summary>
    public static HistoryChange? EndIfOver(CaseRecord record) =>
        record.ThirdParty is not null && !CaseLifecycle.EndThirdPartyWait.From.Contains(record.StatusValue) ? End(record) : null;
}
