namespace SupportPlatform.Escalation.Domain;

/// <summary>Whose move it is in a case, and so whose time an SLA clock counts.</summary>
public enum ClockHolder
{
    /// <summary>No clock runs: the case is resolved, closed or withdrawn.</summary>
    None,
    /// <summary>The vendor works the case: its clocks run.</summary>
    Vendor,
    /// <summary>The case waits on the customer: the vendor's clocks pause.</summary>
    Customer,
    /// <summary>The case waits on a third party the vendor named: the vendor's clocks pause.</summary>
    ThirdParty,
}
