using Grpc.Core;

namespace SupportPlatform.BuildingBlocks.Security;

public static class CallerExtensions
{
    internal const string Key = "supportplatform.caller";

    /// <summary>The authenticated caller; set by <see cref="AuthenticationInterceptor"/>.</summary>
    public static Caller GetCaller(this ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var caller) && caller is Caller value
            ? value
            : throw new InvalidOperationException("The method is anonymous or the authentication interceptor is missing.");
}
