using Grpc.Core;
using Grpc.Core.Interceptors;
using SupportPlatform.BuildingBlocks.Grpc;

namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>
/// Authenticates every call with its bearer token and applies the service's
/// <see cref="RpcPolicy"/>: UNAUTHENTICATED without a valid token, PERMISSION_DENIED when the
/// caller's kind is not in the RPC's entry (or the RPC has none). gRPC health checks and server
/// reflection (which describes only the published contracts, and which tools need before they
/// hold a token) are open; so are the RPCs the table marks Anonymous (token issuance). The caller
/// is then available as <see cref="CallerExtensions.GetCaller"/>.
/// </summary>
public sealed class AuthenticationInterceptor(TokenValidator validator, RpcPolicy policy) : Interceptor
{
    private static readonly string[] OpenPrefixes =
    [
        "/grpc.health.v1.Health/",
        "/grpc.reflection.v1.ServerReflection/",
        "/grpc.reflection.v1alpha.ServerReflection/",
    ];

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        return await continuation(requestStream, context);
    }

    private async Task AuthorizeAsync(ServerCallContext context)
    {
        if (IsOpen(context.Method) || policy.IsAnonymous(context.Method))
        {
            return;
        }
        // Usually validated already, before the rate limiter (CallerResolution), which found a
        // bearer token; then the request's headers are not read again here.
        var caller = (context.UserState.TryGetValue(CallerResolution.Key, out var resolved) && resolved is CallerResolution.Resolved known
                ? known.Caller
                : await validator.ValidateAsync(
                    CallerResolution.BearerToken(context.RequestHeaders.GetValue("authorization"))
                        ?? throw new AuthenticationException("A bearer access token is required: send 'authorization: Bearer <token>' (get one from support.identity.v1.TokenService/IssueToken)."),
                    context.CancellationToken))
            ?? throw new AuthenticationException("The access token is invalid or expired.");
        var allowed = policy.For(context.Method)
            ?? throw new PermissionException("NO_POLICY", $"{context.Method} has no access policy and is refused.");
        if (!Principals.Of(caller).Overlaps(allowed))
        {
            throw new PermissionException("NOT_ALLOWED_FOR_PRINCIPAL", $"Your role may not call {context.Method}.");
        }
        context.UserState[CallerExtensions.Key] = caller;
    }

    private static bool IsOpen(string method)
    {
        foreach (var prefix in OpenPrefixes)
        {
            if (method.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
