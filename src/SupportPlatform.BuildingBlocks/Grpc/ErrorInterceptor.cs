using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>
/// Maps domain errors to gRPC statuses with google.rpc details (the rich error model), a failed
/// call to another service to our own UNAVAILABLE or DEADLINE_EXCEEDED, and anything unexpected to
/// INTERNAL — never with internals (hosts, ports, exception text) in the message: those go to the
/// log and the trace.
/// </summary>
public sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    /// <summary>The domain of every ErrorInfo the platform answers.</summary>
    public const string Domain = "supportplatform";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception exception)
        {
            throw Map(exception, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception exception)
        {
            throw Map(exception, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception exception)
        {
            throw Map(exception, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception exception)
        {
            throw Map(exception, context);
        }
    }

    private RpcException Map(Exception exception, ServerCallContext context)
    {
        var status = exception switch
        {
            ValidationException e => Status(Code.InvalidArgument, e.Message, new BadRequest { FieldViolations = { e.Violations } }),
            NotFoundException e => Status(Code.NotFound, e.Message,
                new ResourceInfo { ResourceType = e.ResourceType, ResourceName = e.ResourceName }),
            PreconditionException e => Status(Code.FailedPrecondition, e.Message, new PreconditionFailure
            {
                Violations =
                {
                    e.Violations.Select(violation => new PreconditionFailure.Types.Violation
                    {
                        Type = violation.Type, Subject = violation.Subject, Description = violation.Description,
                    }),
                },
            }),
            ConflictException e => Status(Code.Aborted, e.Message, new ErrorInfo
            {
                Reason = "STALE_VERSION", Domain = Domain, Metadata = { ["current_version"] = e.CurrentVersion.ToString() },
            }),
            AlreadyExistsException e => Status(Code.AlreadyExists, e.Message, new ErrorInfo { Reason = e.Reason, Domain = Domain }),
            RateLimitedException e => Status(Code.ResourceExhausted, e.Message,
                new ErrorInfo { Reason = e.Reason, Domain = Domain },
                new RetryInfo { RetryDelay = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(e.RetryAfter) }),
            PermissionException e => Status(Code.PermissionDenied, e.Message, new ErrorInfo { Reason = e.Reason, Domain = Domain }),
            AuthenticationException e => Status(Code.Unauthenticated, e.Message, new ErrorInfo { Reason = "UNAUTHENTICATED", Domain = Domain }),
            OperationCanceledException when context.CancellationToken.IsCancellationRequested =>
                Status(Code.Cancelled, "The call was cancelled."),
            // A check-then-insert that lost a race with a concurrent transaction (SQL Server): retry.
            _ when Data.UniqueViolations.Is(exception) => Collided(exception, context),
            // Our own code throws domain errors; an RpcException is a call to another service that failed.
            RpcException e => DependencyFailed(e, context),
            _ => Unexpected(exception, context),
        };
        return status.ToRpcException();
    }

    private Google.Rpc.Status DependencyFailed(RpcException exception, ServerCallContext context)
    {
        Activity.Current?.AddException(exception);
        Activity.Current?.SetStatus(ActivityStatusCode.Error, "A call to another service failed.");
        switch (exception.StatusCode)
        {
            case StatusCode.Cancelled when context.CancellationToken.IsCancellationRequested:
                return Status(Code.Cancelled, "The call was cancelled.");
            case StatusCode.DeadlineExceeded:
                logger.LogWarning(exception, "A call to another service ran out of time while serving {Method}", context.Method);
                return Status(Code.DeadlineExceeded, "A service this request depends on did not answer in time. Retry later.",
                    new ErrorInfo { Reason = "DEPENDENCY_DEADLINE_EXCEEDED", Domain = Domain });
            case StatusCode.Unavailable or StatusCode.Cancelled or StatusCode.Internal or StatusCode.Unknown or StatusCode.ResourceExhausted
                or StatusCode.Aborted or StatusCode.DataLoss:
                logger.LogWarning(exception, "A service {Method} depends on failed", context.Method);
                return Status(Code.Unavailable, "A service this request depends on is unavailable. Retry later.",
                    new ErrorInfo { Reason = "DEPENDENCY_UNAVAILABLE", Domain = Domain });
            default:
                // Refused for what we sent (e.g. INVALID_ARGUMENT, PERMISSION_DENIED): our defect, not the caller's.
                return Unexpected(exception, context);
        }
    }

    /// <summary>
    /// A unique key refused a write: a lost race answered ABORTED, and logged, since the same error
    /// from a defect would otherwise only show as clients retrying.
    /// </summary>
    private Google.Rpc.Status Collided(Exception exception, ServerCallContext context)
    {
        logger.LogWarning(exception, "A unique key refused a write while serving {Method}; answered ABORTED", context.Method);
        return Status(Code.Aborted, "The request collided with a concurrent change; read again and retry.",
            new ErrorInfo { Reason = "CONCURRENT_CHANGE", Domain = Domain });
    }

    private Google.Rpc.Status Unexpected(Exception exception, ServerCallContext context)
    {
        logger.LogError(exception, "Unhandled error in {Method}", context.Method);
        return Status(Code.Internal, "An internal error occurred. It has been logged.");
    }

    private static Google.Rpc.Status Status(Code code, string message, params Google.Protobuf.IMessage?[] details)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        foreach (var detail in details.OfType<Google.Protobuf.IMessage>())
        {
            status.Details.Add(Any.Pack(detail));
        }
        return status;
    }
}
