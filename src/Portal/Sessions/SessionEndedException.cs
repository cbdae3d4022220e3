namespace SupportPlatform.Portal.Sessions;

/// <summary>The person's session is over (signed out, expired, or refused by identity): sign in again.</summary>
public sealed class SessionEndedException() : Exception("Your session has ended. Sign in again.");
