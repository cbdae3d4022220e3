namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>
/// A service's policy table: which kinds of principal may call which RPC (full method name,
/// <c>/package.Service/Method</c>). An RPC missing from the table is refused for everyone, so
/// a new RPC cannot be reachable by accident; the tests walk every RPC against the table.
/// Finer rules (tenant, RASCI responsibility, "only about yourself") stay in the handlers.
/// </summary>
public sealed class RpcPolicy
{
    private readonly Dictionary<string, IReadOnlySet<Principal>> allowed = new(StringComparer.Ordinal);

    /// <summary>Allows <paramref name="principals"/> to call <paramref name="method"/> of <paramref name="service"/>.</summary>
    public RpcPolicy Allow(Google.Protobuf.Reflection.ServiceDescriptor service, string method, params Principal[] principals)
    {
        if (service.FindMethodByName(method) is null)
        {
            throw new ArgumentException($"{service.FullName} has no method {method}.", nameof(method));
        }
        allowed[$"/{service.FullName}/{method}"] = principals.ToHashSet();
        return this;
    }

    public IReadOnlyDictionary<string, IReadOnlySet<Principal>> Entries => allowed;

    public bool IsAnonymous(string method) => allowed.TryGetValue(method, out var set) && set.Contains(Principal.Anonymous);

    /// <summary>Null when the method has no entry at all.</summary>
    public IReadOnlySet<Principal>? For(string method) => allowed.GetValueOrDefault(method);
}
