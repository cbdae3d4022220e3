using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks.Grpc;

namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>The methods a service serves without a token (full method names).</summary>
public sealed class AnonymousMethodsOptions
{
    public HashSet<string> Methods { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Requires a valid bearer token on every call except gRPC health checks, server reflection (it
/// describes only the published contracts, and tools need it to obtain a token in the first place)
/// and the methods a service declares anonymous (token issuance). The caller is then available as
/// <see cref="CallerExtensions.GetCaller"/>.
/// </summary>
public sealed class AuthenticationInterceptor(TokenValidator validator, IOptions<AnonymousMethodsOptions> anonymous) : Interceptor
{
    private static readonly string[] AnonymousPrefixes =
    [
        "/grpc.health.v1.Health/",
        "/grpc.reflection.v1.ServerReflection/",
        "/grpc.reflection.v1alpha.ServerReflection/",
    ];

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(requestStream, context);
    }

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        if (AnonymousPrefixes.Any(prefix => context.Method.StartsWith(prefix, StringComparison.Ordinal)) || anonymous.Value.Methods.Contains(context.Method))
        {
            return;
        }
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw new AuthenticationException("A bearer access token is required: send 'authorization: Bearer <token>' (get one from support.identity.v1.TokenService/IssueToken).");
        }
        var caller = await validator.ValidateAsync(header["Bearer ".Length..].Trim(), context.CancellationToken)
            ?? throw new AuthenticationException("The access token is invalid or expired.");
        context.UserState[CallerExtensions.Key] = caller;
    }
}
