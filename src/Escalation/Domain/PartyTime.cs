using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>Business time attributed to each party while a target was open: who held the case how long.</summary>
public sealed record PartyTime(Duration Vendor, Duration Customer, Duration ThirdParty)
{
    public static readonly PartyTime Zero = new(Duration.Zero, Duration.Zero, Duration.Zero);

    public PartyTime Add(ClockHolder holder, Duration time) => holder switch
    {
        ClockHolder.Vendor => this with { Vendor = Vendor + time },
        ClockHolder.Customer => this with { Customer = Customer + time },
        ClockHolder.ThirdParty => this with { ThirdParty = ThirdParty + time },
        _ => this,
    };
}
