using Microsoft.AspNetCore.Http;

namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>
/// Validates a request's bearer token once, before the rate limiter, which needs to know whose
/// request it is (the token's organisation, never a claim it has not checked): a forged token
/// would otherwise spend another tenant's budget. The result is kept in the request's items,
/// which gRPC shows the interceptors as <c>ServerCallContext.UserState</c>, so
/// <see cref="AuthenticationInterceptor"/> does not validate again. A token that does not
/// validate is remembered as such; an error while validating (identity's keys unreachable) is
/// left to the interceptor, which answers it as a gRPC status.
/// </summary>
internal sealed class CallerResolution(RequestDelegate next, TokenValidator validator)
{
    /// <summary>The items key; its value is a <see cref="Resolved"/>.</summary>
    public const string Key = "SupportPlatform.ResolvedCaller";

    public async Task InvokeAsync(HttpContext context)
    {
        if (TryBearerToken(context.Request.Headers.Authorization.ToString(), out var token))
        {
            try
            {
                context.Items[Key] = new Resolved(await validator.ValidateAsync(token, context.RequestAborted));
            }
            catch (Exception) when (!context.RequestAborted.IsCancellationRequested)
            {
                // Answered by the interceptor, which validates again and maps the failure.
            }
        }
        await next(context);
    }

    /// <summary>The token of an <c>authorization: Bearer …</c> header; null without one.</summary>
    public static string? BearerToken(string? header) => TryBearerToken(header, out var token) ? token.ToString() : null;

    /// <summary>The token of an <c>authorization: Bearer …</c> header, as a slice of it (not copied); false without one.</summary>
    public static bool TryBearerToken(string? header, out ReadOnlyMemory<char> token)
    {
        var bearer = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        token = bearer ? header.AsMemory("Bearer ".Length).Trim() : default;
        return bearer;
    }

    /// <summary>The caller a validated token names, or null for a token that did not validate.</summary>
    internal sealed record Resolved(Caller? Caller);
}
