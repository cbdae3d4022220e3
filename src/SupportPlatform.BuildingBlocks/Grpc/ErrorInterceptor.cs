using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>
/// Maps domain errors to gRPC statuses with google.rpc details (the rich error model), and
/// anything unexpected to INTERNAL without internals.
/// </summary>
public sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    private const string Domain = "supportplatform";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception exception) when (exception is not RpcException)
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
        catch (Exception exception) when (exception is not RpcException)
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
        catch (Exception exception) when (exception is not RpcException)
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
        catch (Exception exception) when (exception is not RpcException)
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
                Violations = { new PreconditionFailure.Types.Violation { Type = e.Type, Subject = e.Subject, Description = e.Message } },
            }),
            ConflictException e => Status(Code.Aborted, e.Message, new ErrorInfo
            {
                Reason = "STALE_VERSION", Domain = Domain, Metadata = { ["current_version"] = e.CurrentVersion.ToString() },
            }),
            AlreadyExistsException e => Status(Code.AlreadyExists, e.Message, new ErrorInfo { Reason = e.Reason, Domain = Domain }),
            PermissionException e => Status(Code.PermissionDenied, e.Message, new ErrorInfo { Reason = e.Reason, Domain = Domain }),
            AuthenticationException e => Status(Code.Unauthenticated, e.Message, new ErrorInfo { Reason = "UNAUTHENTICATED", Domain = Domain }),
            OperationCanceledException when context.CancellationToken.IsCancellationRequested =>
                Status(Code.Cancelled, "The call was cancelled.", null),
            _ => Unexpected(exception, context),
        };
        return status.ToRpcException();
    }

    private Google.Rpc.Status Unexpected(Exception exception, ServerCallContext context)
    {
        logger.LogError(exception, "Unhandled error in {Method}", context.Method);
        return Status(Code.Internal, "An internal error occurred. It has been logged.", null);
    }

    private static Google.Rpc.Status Status(Code code, string message, Google.Protobuf.IMessage? detail)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        if (detail is not null)
        {
            status.Details.Add(Any.Pack(detail));
        }
        return status;
    }
}
