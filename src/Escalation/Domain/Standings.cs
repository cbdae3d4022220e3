namespace SupportPlatform.Escalation.Domain;

/// <summary>Standings as the store names them.</summary>
public static class Standings
{
    public static string Name(ClockStanding standing) => standing switch
    {
        ClockStanding.OnTrack => "ON_TRACK",
        ClockStanding.AtRisk => "AT_RISK",
        ClockStanding.Breached => "BREACHED",
        _ => "DONE",
    };
}
