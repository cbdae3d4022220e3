using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Rca.V1;

namespace SupportPlatform.Rca.Domain;

/// <summary>
/// What an RCA must hold before it goes to review and before it is published: a summary; the
/// customer impact (what, from when to when); a timeline with at least one entry an author wrote
/// (the cases' own history says when, not what happened); a root-cause statement or at least one
/// contributing factor; at least one action that is not cancelled, or a stated reason for none.
/// Pure: no I/O.
/// </summary>
public static class RcaReviewCriteria
{
    public const string ViolationType = "RCA_REVIEW_CRITERIA";

    /// <summary>Every criterion that does not hold; empty when the RCA may be reviewed and published.</summary>
    public static IReadOnlyList<PreconditionViolation> Missing(Guid rcaId, RcaAnalysis analysis, int authoredTimelineEntries, int liveActions)
    {
        var subject = $"rcas/{rcaId}";
        List<PreconditionViolation> missing = [];
        if (string.IsNullOrWhiteSpace(analysis.Summary))
        {
            missing.Add(new(ViolationType, subject + "/analysis.summary", "Write a summary of what happened."));
        }
        if (analysis.Impact is not { } impact || string.IsNullOrWhiteSpace(impact.Description) || impact.StartedAt is null || impact.EndedAt is null)
        {
            missing.Add(new(ViolationType, subject + "/analysis.impact", "Describe the customer impact: what the end-users could not do, from when to when."));
        }
        if (authoredTimelineEntries == 0)
        {
            missing.Add(new(ViolationType, subject + "/timeline", "Add at least one timeline entry of what happened (the cases' history gives only when they were logged and worked)."));
        }
        if (string.IsNullOrWhiteSpace(analysis.RootCause) && analysis.ContributingFactors.Count == 0)
        {
            missing.Add(new(ViolationType, subject + "/analysis.root_cause", "State the root cause, or list the contributing factors."));
        }
        if (liveActions == 0 && string.IsNullOrWhiteSpace(analysis.NoActionsReason))
        {
            missing.Add(new(ViolationType, subject + "/actions", "Add at least one corrective or preventive action, or state why none is needed (analysis.no_actions_reason)."));
        }
        return missing;
    }
}
