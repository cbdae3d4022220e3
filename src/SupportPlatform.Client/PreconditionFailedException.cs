using Google.Rpc;
using Grpc.Core;

namespace SupportPlatform.Client;

/// <summary>
/// FAILED_PRECONDITION with every unmet condition (google.rpc.PreconditionFailure): a
/// <c>Type</c> to switch on (e.g. <c>CASE_STATE</c>, <c>RCA_REVIEW_CRITERIA</c>), the
/// <c>Subject</c> and what to do (<c>Description</c>).
/// </summary>
public sealed class PreconditionFailedException : SupportPlatformRpcException
{
    internal PreconditionFailedException(RpcException source, Google.Rpc.Status? details, PreconditionFailure failure)
        : base(source, details) => Violations = failure.Violations;

    /// <summary>Every unmet condition.</summary>
    public IReadOnlyList<PreconditionFailure.Types.Violation> Violations { get; }
}
