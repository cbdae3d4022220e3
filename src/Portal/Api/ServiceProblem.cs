using Google.Rpc;
using Grpc.Core;

namespace SupportPlatform.Portal.Api;

/// <summary>
/// A refusal as the service stated it: its message, and from the <c>google.rpc</c> details every
/// field violation (by field path, e.g. <c>details.title</c>) and every failed precondition.
/// </summary>
public sealed record ServiceProblem(StatusCode Status, string Message, IReadOnlyList<(string Field, string Description)> FieldViolations, IReadOnlyList<string> Preconditions)
{
    public static ServiceProblem From(RpcException exception)
    {
        var status = exception.GetRpcStatus();
        var violations = status?.GetDetail<BadRequest>()?.FieldViolations.Select(v => (v.Field, v.Description)).ToList() ?? [];
        var preconditions = status?.GetDetail<PreconditionFailure>()?.Violations.Select(v => v.Description).ToList() ?? [];
        var message = exception.StatusCode switch
        {
            StatusCode.Unavailable or StatusCode.DeadlineExceeded => "The service is not reachable just now. Try again in a moment.",
            StatusCode.Internal or StatusCode.Unknown => "Something went wrong on our side. Try again; if it persists, tell the support team.",
            _ => exception.Status.Detail,
        };
        return new ServiceProblem(exception.StatusCode, message, violations, preconditions);
    }

    /// <summary>The violations of one field (and of its sub-fields), e.g. <c>details.title</c>.</summary>
    public IEnumerable<string> For(string field) =>
        FieldViolations.Where(v => v.Field == field || v.Field.StartsWith(field + ".", StringComparison.Ordinal) || v.Field.StartsWith(field + "[", StringComparison.Ordinal))
            .Select(v => v.Description);
}
