namespace SupportPlatform.Identity.Domain;

/// <summary>Options under <c>Identity:Invitations</c>.</summary>
public sealed class InvitationOptions
{
    /// <summary>How long an invitation link sets a password.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(7);
}
