using Grpc.Core;
using Microsoft.AspNetCore.Components;
using SupportPlatform.Portal.Api;
using SupportPlatform.Portal.Sessions;

namespace SupportPlatform.Portal.Components;

/// <summary>
/// What every signed-in page has: the person, the services, the page's lifetime (live feeds end
/// with it), and one way to call a service — a refusal becomes <see cref="Problem"/> with the
/// service's own message, an ended session sends the person to sign in.
/// </summary>
public abstract class PortalPage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource lifetime = new();

    [Inject] protected PortalUser User { get; set; } = default!;

    [Inject] protected Services Api { get; set; } = default!;

    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    [Inject] protected LiveFeeds Feeds { get; set; } = default!;

    [Inject] protected TimeProvider Clock { get; set; } = default!;

    /// <summary>Cancelled when the page goes away.</summary>
    protected CancellationToken Lifetime => lifetime.Token;

    /// <summary>The signed-in person, once <see cref="LoadMeAsync"/> succeeded.</summary>
    protected Me Me { get; private set; } = default!;

    /// <summary>The last refusal, shown by the page.</summary>
    protected ServiceProblem? Problem { get; set; }

    protected async Task<bool> LoadMeAsync()
    {
        try
        {
            Me = await User.MeAsync();
            return true;
        }
        catch (SessionEndedException)
        {
            SignInAgain();
            return false;
        }
    }

    /// <summary>Calls a service with the person's token; false (and <see cref="Problem"/> set) when refused.</summary>
    protected async Task<bool> CallAsync(Func<Metadata, Task> call)
    {
        Problem = null;
        try
        {
            await call(await User.HeadersAsync(Lifetime));
            return true;
        }
        catch (RpcException exception) when (!Lifetime.IsCancellationRequested)
        {
            Problem = ServiceProblem.From(exception);
            return false;
        }
        catch (SessionEndedException)
        {
            SignInAgain();
            return false;
        }
    }

    protected void SignInAgain() =>
        Navigation.NavigateTo("signin?returnUrl=" + Uri.EscapeDataString("/" + Navigation.ToBaseRelativePath(Navigation.Uri)), forceLoad: true);

    public void Dispose()
    {
        lifetime.Cancel();
        lifetime.Dispose();
        GC.SuppressFinalize(this);
    }
}
