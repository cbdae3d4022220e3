namespace SupportPlatform.Escalation.Domain;

public enum TargetStatus
{
    Pending,
    Met,
    Breached,
}
