namespace SupportPlatform.Portal.Api;

/// <summary>What a person can do to a case from its page.</summary>
public enum CaseAction
{
    ProvideInfo,
    Amend,
    Withdraw,
    Close,
    Reopen,
    Escalate,
    Assign,
    RequestInfo,
    Return,
    Resolve,
    RequestAccess,
}
