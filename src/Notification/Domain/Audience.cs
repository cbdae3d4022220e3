using SupportPlatform.BuildingBlocks.Responsibility;
using static SupportPlatform.Notification.Domain.NotificationRules;

namespace SupportPlatform.Notification.Domain;

/// <summary>
/// Who is told of an event, beyond the people its rule names: the parties the RASCI matrix names
/// for the event's task, the case's participants, and the people who subscribed. Pure: the matrix,
/// participants and subscribers are read by the caller.
/// <list type="bullet">
/// <item>A party holding R or A gets an action item; S or C a request for input when the event
/// asks for input; I an FYI. A party with none of these is not told through the matrix.</item>
/// <item>The vendor party is reached through its support queue, which all its support staff read;
/// a vendor person is told personally as a participant (the assignee, a commenter, someone paged)
/// or a subscriber. Customer and end-user parties are reached person by person, as the matrix's
/// contacts.</item>
/// <item>A party is told only what the event's rule wrote for it: an event with no text for the
/// customer (an SLA warning) reaches no customer, whatever the matrix says, and the vendor's own
/// remarks stay in the vendor's text. End-users read the customer's text.</item>
/// <item>Everyone is told once: a person the rule names keeps the rule's text, and the strongest
/// purpose wins.</item>
/// </list>
/// </summary>
public static class Audience
{
    public const string Action = "ACTION";
    public const string Input = "INPUT";
    public const string Fyi = "FYI";
    public const string ByRule = "RULE";
    public const string ByFollowing = "FOLLOWER";
    public const string ByMatrix = "MATRIX";

    /// <summary>The task an event belongs to, and whether it asks the parties for input.</summary>
    public sealed record Scope(string TaskId, bool AsksInput = false);

    /// <summary>A participant or subscriber of what the event is about.</summary>
    /// <param name="Party">VENDOR, CUSTOMER or END_USERS.</param>
    public sealed record Follower(Guid PersonId, string Party);

    /// <summary>The task of the events of a case: the vendor's L2-3 support of it.</summary>
    public static readonly Scope CaseWork = new(MatrixTasks.L2L3Support);

    /// <summary>The task of an RCA owned by <paramref name="owner"/> (VENDOR or CUSTOMER).</summary>
    public static Scope RcaWork(string owner, bool asksInput = false) =>
        new(owner == Vendor ? MatrixTasks.RcaVendorCaused : MatrixTasks.RcaOtherCauses, asksInput);

    /// <summary>What a party's letters call for: ACTION, INPUT, FYI, or null (nothing).</summary>
    public static string? PurposeOf(string letters, bool asksInput) =>
        letters.Contains('R') || letters.Contains('A') ? Action
        : asksInput && (letters.Contains('S') || letters.Contains('C')) ? Input
        : letters.Contains('I') ? Fyi
        : null;

    /// <summary>
    /// The drafts to write: the rule's own, then the matrix's parties, then the followers, each
    /// recipient once. Without a scope (pages, readiness) only the rule's drafts are written. The
    /// person who caused the event (<paramref name="actor"/>: who commented, published, …) is not
    /// told of it.
    /// </summary>
    public static IReadOnlyList<Draft> Address(IReadOnlyList<Draft> drafts, Scope? scope, TaskResponsibility? matrix, IEnumerable<Follower> followers,
        Guid? actor = null)
    {
        var addressed = new Dictionary<(string Kind, string Id), Draft>();
        var order = new List<(string Kind, string Id)>();
        void Add(Draft draft)
        {
            var key = (draft.RecipientKind, draft.RecipientId);
            if (addressed.TryGetValue(key, out var existing))
            {
                addressed[key] = existing with { Purpose = Strongest(existing.Purpose, draft.Purpose), Via = Closest(existing.Via, draft.Via) };
                return;
            }
            addressed[key] = draft;
            order.Add(key);
        }

        string? PurposeFor(string party) => matrix is null || scope is null ? null : PurposeOf(matrix.LettersOf(party), scope.AsksInput);

        foreach (var draft in drafts)
        {
            Add(draft with { Purpose = draft.Purpose ?? PurposeFor(draft.Party) ?? Fyi });
        }
        if (scope is null)
        {
            return Except(actor);
        }
        if (matrix is not null)
        {
            foreach (var party in new[] { Vendor, Customer, EndUsers })
            {
                if (PurposeFor(party) is not { } purpose || TextFor(drafts, party) is not { } text)
                {
                    continue;
                }
                if (party == Vendor)
                {
                    Add(text with { RecipientKind = VendorSupportQueue, RecipientId = "", Purpose = purpose, Via = ByMatrix });
                    continue;
                }
                foreach (var contact in matrix.Contacts.Where(contact => contact.Party == party))
                {
                    Add(text with { RecipientKind = Person, RecipientId = contact.PersonId.ToString(), Party = party, Purpose = purpose, Via = ByMatrix });
                }
            }
        }
        foreach (var follower in followers)
        {
            if (TextFor(drafts, follower.Party) is { } text)
            {
                Add(text with
                {
                    RecipientKind = Person, RecipientId = follower.PersonId.ToString(), Party = follower.Party,
                    Purpose = PurposeFor(follower.Party) ?? Fyi, Via = ByFollowing,
                });
            }
        }
        return Except(actor);

        IReadOnlyList<Draft> Except(Guid? person) =>
            [.. order.Where(key => person is null || key != (Person, person.Value.ToString())).Select(key => addressed[key])];
    }

    /// <summary>The rule's text for a party (end-users read the customer's), or null when the rule wrote none for it.</summary>
    private static Draft? TextFor(IReadOnlyList<Draft> drafts, string party)
    {
        var writtenFor = party == EndUsers ? Customer : party;
        return drafts.FirstOrDefault(draft => draft.Party == writtenFor);
    }

    private static string? Strongest(string? first, string? second) =>
        Rank(first) >= Rank(second) ? first : second;

    /// <summary>The closer of two reasons to tell someone: named by the rule, then following, then the matrix alone.</summary>
    private static string Closest(string first, string second) => Closeness(first) >= Closeness(second) ? first : second;

    private static int Closeness(string via) => via switch { ByRule => 3, ByFollowing => 2, _ => 1 };

    private static int Rank(string? purpose) => purpose switch { Action => 3, Input => 2, Fyi => 1, _ => 0 };
}
