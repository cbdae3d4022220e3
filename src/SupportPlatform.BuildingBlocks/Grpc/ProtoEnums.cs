using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>
/// Converts protobuf enum values to the short names stored in databases, tokens and events
/// (<c>ROLE_L1_AGENT</c> → <c>L1_AGENT</c>) and back. The prefix is the one of the enum's zero
/// value (<c>ROLE_UNSPECIFIED</c>), as buf's ENUM_VALUE_PREFIX rule requires.
/// </summary>
public static class ProtoEnums
{
    private static readonly ConcurrentDictionary<Type, (Dictionary<int, string> ToName, Dictionary<string, int> FromName)> Maps = new();

    /// <summary>The short name; empty for the zero value.</summary>
    public static string Name<T>(T value) where T : struct, Enum =>
        Map<T>().ToName.GetValueOrDefault(Convert.ToInt32(value), "");

    /// <summary>The value with this short name, or the zero value for an unknown or empty name.</summary>
    public static T Parse<T>(string? name) where T : struct, Enum =>
        name is not null && Map<T>().FromName.TryGetValue(name, out var number) ? (T)Enum.ToObject(typeof(T), number) : default;

    /// <summary>True when the value is one the enum defines and not the zero value.</summary>
    public static bool IsSet<T>(T value) where T : struct, Enum =>
        Convert.ToInt32(value) != 0 && Map<T>().ToName.ContainsKey(Convert.ToInt32(value));

    private static (Dictionary<int, string> ToName, Dictionary<string, int> FromName) Map<T>() where T : struct, Enum =>
        Maps.GetOrAdd(typeof(T), type =>
        {
            var original = type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .ToDictionary(
                    field => Convert.ToInt32(field.GetValue(null)),
                    field => field.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? field.Name);
            var zero = original[0];
            var prefix = zero[..(zero.LastIndexOf("UNSPECIFIED", StringComparison.Ordinal))];
            var toName = original.Where(pair => pair.Key != 0)
                .ToDictionary(pair => pair.Key, pair => pair.Value.StartsWith(prefix, StringComparison.Ordinal) ? pair.Value[prefix.Length..] : pair.Value);
            return (toName, toName.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal));
        });
}
