using static SupportPlatform.Notification.Domain.NotificationRules;

namespace SupportPlatform.Notification.Domain;

/// <summary>
/// Which channels a notification goes out on besides in-app, which every notification has. Pure.
/// <list type="bullet">
/// <item>A person gets an e-mail for what asks something of them (an action item, a request for
/// input), for anything urgent, and for whatever concerns them as someone the event names, a
/// participant or a subscriber. An FYI that reaches them only through their party's letters stays
/// in-app: informing every L1 agent of every case by e-mail would bury the e-mails that matter.</item>
/// <item>The vendor's queue gets an e-mail at its address, when one is configured, for what is
/// urgent (warnings, breaches, escalations, unanswered pages).</item>
/// </list>
/// </summary>
public static class ChannelRules
{
    public const string Email = "EMAIL";

    /// <summary>Whether the draft goes out by e-mail; <paramref name="queueHasAddress"/> says whether the vendor's queue has an e-mail address.</summary>
    public static bool WantsEmail(Draft draft, bool queueHasAddress) =>
        draft.RecipientKind == Person
            ? draft.Purpose != Audience.Fyi || draft.Urgency != Normal || draft.Via != Audience.ByMatrix
            : queueHasAddress && draft.Urgency != Normal;
}
