namespace SupportPlatform.Notification.Channels;

/// <summary>
/// The e-mail channel (section <c>Notification:Email</c>). Without a <see cref="Host"/> the channel
/// is off: no e-mail deliveries are written. The AppHost points it at its development mail
/// server; production at any SMTP server.
/// </summary>
public sealed class EmailOptions
{
    /// <summary>The SMTP server's host name; empty turns e-mail off.</summary>
    public string Host { get; set; } = "";

    public int Port { get; set; } = 25;

    /// <summary>None, StartTls, SslOnConnect or Auto (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "Auto";

    /// <summary>User name for SMTP authentication; empty for none.</summary>
    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>The sender, e.g. <c>Support &lt;support@vendor.example&gt;</c>.</summary>
    public string From { get; set; } = "SupportPlatform <support@supportplatform.localhost>";

    /// <summary>The vendor support queue's address; empty: the queue gets no e-mail.</summary>
    public string QueueAddress { get; set; } = "";

    /// <summary>The IANA time zone the vendor support queue's e-mails show times in.</summary>
    public string QueueTimeZone { get; set; } = "UTC";

    /// <summary>The portal's base address for links in e-mails; empty leaves links out.</summary>
    public string PortalUrl { get; set; } = "";

    /// <summary>How long one SMTP conversation may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => Host.Length > 0;
}
