namespace SupportPlatform.Escalation.Domain;

/// <summary>Targets as events and the store name them.</summary>
public static class Targets
{
    public static string Name(SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.Response => "RESPONSE",
        SlaTargetKind.Update => "UPDATE",
        _ => "RESOLUTION",
    };

    public static SlaTargetKind Parse(string name) => name switch
    {
        "RESPONSE" => SlaTargetKind.Response,
        "UPDATE" => SlaTargetKind.Update,
        "RESOLUTION" => SlaTargetKind.Resolution,
        _ => throw new ArgumentException($"Unknown SLA target '{name}'.", nameof(name)),
    };
}
