using static SupportPlatform.Notification.Domain.NotificationRules;

namespace SupportPlatform.Notification.Domain;

/// <summary>
/// Which channels a notification goes out on besides in-app, which every notification has. Pure.
/// <list type="bullet">
/// <item>A person gets an e-mail for what asks something of them (an action item, a request for
/// input), for anything urgent, and for whatever concerns them as someone the event names, a
/// participant or a subscriber. An FYI that reaches them only through their party's letters stays
/// in-app: informing every L1 agent of every case by e-mail would bury the e-mails that matter —
/// unless the person batches FYI e-mails into a digest, where such an e-mail waits for it.</item>
/// <item>The vendor's queue gets an e-mail at its address, when one is configured, for what is
/// urgent (warnings, breaches, escalations, unanswered pages).</item>
/// <item>A person gets an SMS (when they have a phone number) for what is critical — a page, a P1's
/// breach — and for what a P1 case or its RCA asks of them: a text message wakes someone up,
/// so it is kept for what cannot wait.</item>
/// </list>
/// </summary>
public static class ChannelRules
{
    public const string Email = "EMAIL";
    public const string Sms = "SMS";
    public const string Webhook = "WEBHOOK";

    /// <summary>The recipient kind of a delivery to an organisation's webhook endpoint.</summary>
    public const string WebhookEndpoint = "WEBHOOK_ENDPOINT";

    /// <summary>The channels besides in-app for a draft, given which are on.</summary>
    /// <param name="aboutP1">Whether the event is about a P1 case or its RCA.</param>
    /// <param name="takesDigest">Whether the recipient batches FYI e-mails into a digest.</param>
    public static IEnumerable<string> For(Draft draft, bool emailOn, bool queueHasAddress, bool smsOn, bool aboutP1, bool takesDigest = false)
    {
        if (emailOn && WantsEmail(draft, queueHasAddress, takesDigest))
        {
            yield return Email;
        }
        if (smsOn && WantsSms(draft, aboutP1))
        {
            yield return Sms;
        }
    }

    /// <summary>Whether the draft goes out by SMS: to a person, critical, or asking something of them about a P1.</summary>
    public static bool WantsSms(Draft draft, bool aboutP1) =>
        draft.RecipientKind == Person
        && (draft.Urgency == Critical || (aboutP1 && draft.Purpose is Audience.Action or Audience.Input));

    /// <summary>Whether the draft goes out by e-mail; <paramref name="queueHasAddress"/> says whether the vendor's queue has an e-mail address.</summary>
    public static bool WantsEmail(Draft draft, bool queueHasAddress, bool takesDigest = false) =>
        draft.RecipientKind == Person
            ? draft.Purpose != Audience.Fyi || draft.Urgency != Normal || draft.Via != Audience.ByMatrix || takesDigest
            : queueHasAddress && draft.Urgency != Normal;
}
