namespace SupportPlatform.Notification.Channels;

/// <summary>The webhook channel (section <c>Notification:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// Lets endpoints be on loopback and private addresses, and plain http: for development and
    /// tests only. Off, an endpoint must be https on a public address, checked when it is
    /// registered and again on every connection (a host name that later resolves inward is refused).
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>How long one call may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest Retry-After honoured; a longer one is cut to this.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(24);
}
