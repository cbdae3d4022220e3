using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>
/// Refuses every request message that breaks <see cref="RequestShape"/> (a Timestamp or
/// Duration out of range, a repeated field over its bound) with INVALID_ARGUMENT and a
/// google.rpc.BadRequest, before any handler sees it: one check for every RPC of every service.
/// </summary>
/// <remarks>
/// Registered after <see cref="ErrorInterceptor"/> (which turns its <see cref="ValidationException"/>
/// into the status) and after authentication: a caller without a valid token, or without the
/// right to call the RPC, learns UNAUTHENTICATED or PERMISSION_DENIED whatever it sends, exactly as
/// for every other malformed request — validation never answers before the caller is known. The
/// walk is linear in the message, which the size limit already bounds, so running it after the
/// token check costs nothing worth defending against.
/// </remarks>
public sealed class RequestShapeInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(request);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedReader<TRequest>(requestStream), context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedReader<TRequest>(requestStream), responseStream, context);

    private static void Check<TRequest>(TRequest request)
    {
        if (request is IMessage message)
        {
            var violations = RequestShape.Check(message);
            if (violations.Count > 0)
            {
                throw new ValidationException(violations);
            }
        }
    }

    /// <summary>Checks each message of a request stream as the handler reads it.</summary>
    private sealed class CheckedReader<TRequest>(IAsyncStreamReader<TRequest> inner) : IAsyncStreamReader<TRequest>
    {
        public TRequest Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            var moved = await inner.MoveNext(cancellationToken);
            if (moved)
            {
                Check(inner.Current);
            }
            return moved;
        }
    }
}
