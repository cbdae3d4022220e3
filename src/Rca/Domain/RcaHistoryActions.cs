namespace SupportPlatform.Rca.Domain;

/// <summary>The history actions of an RCA (support.rca.v1.RcaHistoryEntry.action): a closed set, only ever added to.</summary>
public static class RcaHistoryActions
{
    public const string Created = "created";
    public const string CauseAttributed = "cause_attributed";
    public const string AnalysisUpdated = "analysis_updated";
    public const string TimelineEntryAdded = "timeline_entry_added";
    public const string TimelineEntryRemoved = "timeline_entry_removed";
    public const string ActionAdded = "action_added";
    public const string ActionUpdated = "action_updated";
    public const string CaseLinked = "case_linked";
    public const string CaseUnlinked = "case_unlinked";
    public const string Merged = "merged";
    public const string CommentAdded = "comment_added";
    public const string SubmittedForReview = "submitted_for_review";
    public const string Approved = "approved";
    public const string ChangesRequested = "changes_requested";
    public const string Published = "published";
    public const string Overdue = "overdue";
    public const string ActionOverdue = "action_overdue";
    public const string DueChanged = "due_changed";
}
