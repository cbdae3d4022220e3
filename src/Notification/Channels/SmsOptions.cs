namespace SupportPlatform.Notification.Channels;

/// <summary>The SMS channel (section <c>Notification:Sms</c>).</summary>
public sealed class SmsOptions
{
    /// <summary>False turns SMS off: no SMS deliveries are written.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The default provider's sink: a file to which each message is appended as one JSON line
    /// (empty: the service's log only). The AppHost puts it beside the databases.
    /// </summary>
    public string SinkPath { get; set; } = "";
}
