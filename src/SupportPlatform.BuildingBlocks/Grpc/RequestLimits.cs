using Google.Protobuf.Reflection;

namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>
/// How many elements a repeated or map field of a request may hold. Every such field is bounded
/// so that no request can make a handler (or the database) loop over an unbounded list; each
/// proto field's comment states its bound. <see cref="RequestShape"/> checks them.
/// </summary>
public static class RequestLimits
{
    /// <summary>The bound of every repeated or map field not listed in <see cref="Exceptions"/>.</summary>
    public const int DefaultMaxItems = 100;

    /// <summary>
    /// The fields that legitimately need a different bound, by full proto field name. Keep this
    /// the only such list, and the proto comments in step with it.
    /// </summary>
    public static IReadOnlyDictionary<string, int> Exceptions { get; } = new Dictionary<string, int>
    {
        // A multi-year contract lists every public holiday of every year (and region) it covers.
        ["support.identity.v1.BusinessCalendar.holidays"] = 1000,
    };

    /// <summary>The bound of a repeated or map field.</summary>
    public static int MaxItems(FieldDescriptor field) =>
        Exceptions.TryGetValue(field.FullName, out var bound) ? bound : DefaultMaxItems;
}
