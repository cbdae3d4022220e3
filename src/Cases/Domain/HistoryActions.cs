namespace SupportPlatform.Cases.Domain;

/// <summary>
/// The closed set of <c>HistoryEntry.action</c> values: part of the contract (cases.proto lists
/// the same values), so a partner can switch on them. A new action is added here and in the proto
/// comment together.
/// </summary>
public static class HistoryActions
{
    public const string Submitted = "submitted";
    public const string Acknowledged = "acknowledged";
    public const string WorkStarted = "work_started";
    public const string Assigned = "assigned";
    public const string CustomerInfoRequested = "customer_info_requested";
    public const string CustomerInfoProvided = "customer_info_provided";
    public const string PriorityChanged = "priority_changed";
    public const string CommentAdded = "comment_added";
    public const string Resolved = "resolved";
    public const string Closed = "closed";
    public const string AutoClosed = "auto_closed";
    public const string Reopened = "reopened";
    public const string Returned = "returned";
    public const string Resubmitted = "resubmitted";
    public const string Withdrawn = "withdrawn";
    public const string AccessRequested = "access_requested";
    public const string AccessApproved = "access_approved";
    public const string AccessDenied = "access_denied";
    public const string AccessRevoked = "access_revoked";
    public const string ThirdPartyWaitStarted = "third_party_wait_started";
    public const string ThirdPartyWaitEnded = "third_party_wait_ended";
    public const string Escalated = "escalated";

    /// <summary>Every action, in the order cases.proto lists them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Submitted, Acknowledged, WorkStarted, Assigned, CustomerInfoRequested, CustomerInfoProvided, PriorityChanged,
        CommentAdded, Resolved, Closed, AutoClosed, Reopened, Returned, Resubmitted, Withdrawn,
        AccessRequested, AccessApproved, AccessDenied, AccessRevoked, ThirdPartyWaitStarted, ThirdPartyWaitEnded, Escalated,
    ];

    /// <summary>The action of an access request's decision, by the state it moves into.</summary>
    public static string OfAccessState(string state) => state switch
    {
        "APPROVED" => AccessApproved,
        "DENIED" => AccessDenied,
        "REVOKED" => AccessRevoked,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a decided access state"),
    };
}
