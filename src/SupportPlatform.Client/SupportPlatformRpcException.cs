using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace SupportPlatform.Client;

/// <summary>
/// A call the service refused, with the google.rpc details it sent decoded: the
/// <see cref="ErrorInfo"/> reason to switch on (e.g. <c>AUTHORISED_SUBMITTER_REQUIRED</c>), the
/// <see cref="RetryInfo"/> of a rate limit. Still an <see cref="RpcException"/> (same status and
/// trailers), so existing handlers keep working. <see cref="FieldViolationException"/> and
/// <see cref="PreconditionFailedException"/> carry the violations.
/// </summary>
public class SupportPlatformRpcException : RpcException
{
    private const string DetailsTrailer = "grpc-status-details-bin";

    /// <summary>Wraps <paramref name="source"/> with its decoded details.</summary>
    protected SupportPlatformRpcException(RpcException source, Google.Rpc.Status? details)
        : base(source.Status, source.Trailers, source.Message)
    {
        Details = details;
        ErrorInfo = Unpack<ErrorInfo>(details);
        RetryInfo = Unpack<RetryInfo>(details);
        ResourceInfo = Unpack<ResourceInfo>(details);
    }

    /// <summary>The google.rpc.Status the service sent, when it sent one.</summary>
    public Google.Rpc.Status? Details { get; }

    /// <summary>Why, as a machine-readable reason (domain "supportplatform"), when given.</summary>
    public ErrorInfo? ErrorInfo { get; }

    /// <summary>The reason of <see cref="ErrorInfo"/>, e.g. <c>STALE_VERSION</c>; null when none.</summary>
    public string? Reason => ErrorInfo?.Reason;

    /// <summary>When to try again (rate limits).</summary>
    public RetryInfo? RetryInfo { get; }

    /// <summary><see cref="RetryInfo"/>'s delay, when given.</summary>
    public TimeSpan? RetryAfter => RetryInfo?.RetryDelay?.ToTimeSpan();

    /// <summary>What was not found (NOT_FOUND).</summary>
    public ResourceInfo? ResourceInfo { get; }

    /// <summary>
    /// The typed exception for <paramref name="exception"/>: a <see cref="FieldViolationException"/>
    /// for INVALID_ARGUMENT with a BadRequest, a <see cref="PreconditionFailedException"/> for
    /// FAILED_PRECONDITION with a PreconditionFailure, otherwise a
    /// <see cref="SupportPlatformRpcException"/>. Returns <paramref name="exception"/>'s typed self
    /// when it is one already.
    /// </summary>
    public static SupportPlatformRpcException From(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is SupportPlatformRpcException typed)
        {
            return typed;
        }
        var details = Decode(exception.Trailers);
        if (Unpack<BadRequest>(details) is { } badRequest)
        {
            return new FieldViolationException(exception, details, badRequest);
        }
        if (Unpack<PreconditionFailure>(details) is { } failure)
        {
            return new PreconditionFailedException(exception, details, failure);
        }
        return new SupportPlatformRpcException(exception, details);
    }

    private static Google.Rpc.Status? Decode(Metadata trailers)
    {
        var entry = trailers.Get(DetailsTrailer);
        if (entry is not { IsBinary: true })
        {
            return null;
        }
        try
        {
            return Google.Rpc.Status.Parser.ParseFrom(entry.ValueBytes);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            // Not from a SupportPlatform service (or damaged on the way): the status still says what happened.
            return null;
        }
    }

    private static T? Unpack<T>(Google.Rpc.Status? details) where T : class, Google.Protobuf.IMessage<T>, new()
    {
        var descriptor = new T().Descriptor;
        return details?.Details.FirstOrDefault(any => any.Is(descriptor))?.Unpack<T>();
    }
}
