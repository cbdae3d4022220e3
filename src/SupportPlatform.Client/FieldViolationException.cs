using Google.Rpc;
using Grpc.Core;

namespace SupportPlatform.Client;

/// <summary>
/// INVALID_ARGUMENT with every field that is wrong, at once (google.rpc.BadRequest): field paths
/// as in the protos (e.g. <c>details.business_impact</c>) and what is wrong with each.
/// </summary>
public sealed class FieldViolationException : SupportPlatformRpcException
{
    internal FieldViolationException(RpcException source, Google.Rpc.Status? details, BadRequest badRequest)
        : base(source, details) => Violations = badRequest.FieldViolations;

    /// <summary>Every violation: <c>Field</c> and <c>Description</c>.</summary>
    public IReadOnlyList<BadRequest.Types.FieldViolation> Violations { get; }
}
