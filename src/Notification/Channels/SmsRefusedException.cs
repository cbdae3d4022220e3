namespace SupportPlatform.Notification.Channels;

/// <summary>The SMS provider refused a message for good (e.g. the number does not exist): it is not tried again.</summary>
public sealed class SmsRefusedException(string message) : Exception(message);
