using Grpc.Core;
using Grpc.Core.Interceptors;

namespace SupportPlatform.Client;

/// <summary>
/// What every call of the client gets unless it sets its own: the access token (as call
/// credentials, so it is fetched, and refreshed, just before the call goes out), a deadline for
/// unary calls, and typed exceptions for refusals.
/// </summary>
internal sealed class CallDefaultsInterceptor : Interceptor
{
    private readonly CallCredentials? credentials;
    private readonly TimeSpan deadline;
    private readonly TimeProvider clock;

    public CallDefaultsInterceptor(ISupportPlatformTokenSource? tokens, TimeSpan deadline, TimeProvider clock)
    {
        credentials = tokens is null ? null : CallCredentials.FromInterceptor(async (context, metadata) =>
            metadata.Add("authorization", "Bearer " + await tokens.GetAccessTokenAsync(context.CancellationToken)));
        this.deadline = deadline;
        this.clock = clock;
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        try
        {
            return continuation(request, With(context, unary: true));
        }
        catch (RpcException exception)
        {
            throw SupportPlatformRpcException.From(exception);
        }
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, With(context, unary: true));
        return new AsyncUnaryCall<TResponse>(Typed(call.ResponseAsync), Typed(call.ResponseHeadersAsync), call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, With(context, unary: false));
        return new AsyncServerStreamingCall<TResponse>(new TypedStreamReader<TResponse>(call.ResponseStream), Typed(call.ResponseHeadersAsync),
            call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private ClientInterceptorContext<TRequest, TResponse> With<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, bool unary)
        where TRequest : class where TResponse : class
    {
        var options = context.Options;
        var authorized = options.Headers?.Any(header => string.Equals(header.Key, "authorization", StringComparison.OrdinalIgnoreCase)) == true;
        if (credentials is not null && options.Credentials is null && !authorized)
        {
            options = options.WithCredentials(credentials);
        }
        if (unary && options.Deadline is null)
        {
            options = options.WithDeadline((clock.GetUtcNow() + deadline).UtcDateTime);
        }
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options);
    }

    private static async Task<T> Typed<T>(Task<T> task)
    {
        try
        {
            return await task;
        }
        catch (RpcException exception)
        {
            throw SupportPlatformRpcException.From(exception);
        }
    }

    private sealed class TypedStreamReader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                return await inner.MoveNext(cancellationToken);
            }
            catch (RpcException exception)
            {
                throw SupportPlatformRpcException.From(exception);
            }
        }
    }
}
