using System.Collections.Frozen;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>
/// The size limit of each RPC's request: the encoded size of its largest valid request, computed
/// from the request message's descriptor and <see cref="RequestLimits"/> (every string at its
/// bound in 3-byte UTF-8 characters, the most a UTF-16 code unit takes; every repeated and map
/// field full; every number at its longest varint; of a oneof the largest member), rounded up to
/// a whole KiB and at least 1 KiB (so that a request of no fields has room for a field a newer
/// contract adds, and a body of garbage is judged undecodable rather than too large). No request
/// the services accept is larger (<see cref="RequestShape"/> refuses a field over its bound), so
/// the limit refuses only what would be refused anyway, before it is read: a GetCase stops at
/// 1 KiB, an UpdateRcaAnalysis may take megabytes. docs/request-limits.md lists them (a test
/// keeps it in step).
/// </summary>
public static class RequestSizeLimits
{
    /// <summary>The ErrorInfo reason of a request over its RPC's limit (RESOURCE_EXHAUSTED).</summary>
    public const string Reason = "REQUEST_TOO_LARGE";

    private const int Utf8BytesPerChar = 3;
    private const int MaxVarint = 10;
    private const int MaxVarint32 = 5;

    private static readonly FrozenDictionary<string, int> ByPath = Methods()
        .ToFrozenDictionary(Path, method => Limit(method.InputType), StringComparer.Ordinal);

    /// <summary>The largest limit of all: gRPC's receive limit, which no RPC's own limit exceeds.</summary>
    public static int Largest { get; } = ByPath.Values.Max();

    /// <summary>Every RPC's limit, by path (<c>/package.Service/Method</c>).</summary>
    public static IReadOnlyDictionary<string, int> All => ByPath;

    /// <summary>The limit of the RPC at <paramref name="path"/> (<c>/package.Service/Method</c>); <see cref="Largest"/> for any other.</summary>
    public static int For(string path) => ByPath.TryGetValue(path, out var limit) ? limit : Largest;

    /// <summary>The limit of a request message: its largest valid encoding, rounded up to a whole KiB, at least 1 KiB.</summary>
    public static int Limit(MessageDescriptor request)
    {
        var largest = LargestValid(request, []);
        return (int)Math.Min(int.MaxValue, Math.Max(1, (largest + 1023) / 1024) * 1024);
    }

    /// <summary>The path of an RPC as gRPC routes it: <c>/package.Service/Method</c>.</summary>
    public static string Path(MethodDescriptor method) => $"/{method.Service.FullName}/{method.Name}";

    /// <summary>
    /// Every RPC of the contracts and of grpc.health.v1 that takes one request message (unary and
    /// server streaming; a client stream has no largest request).
    /// </summary>
    public static IEnumerable<MethodDescriptor> Methods() =>
        typeof(Common.V1.CommonReflection).Assembly.GetTypes()
            .Where(type => type.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(type => type.GetProperty("Descriptor")?.GetValue(null))
            .OfType<FileDescriptor>()
            .Append(global::Grpc.Health.V1.HealthReflection.Descriptor)
            .SelectMany(file => file.Services).SelectMany(service => service.Methods)
            .Where(method => !method.IsClientStreaming);

    /// <summary>The largest valid encoding of <paramref name="message"/>, in bytes.</summary>
    private static long LargestValid(MessageDescriptor message, HashSet<MessageDescriptor> visiting)
    {
        if (!visiting.Add(message))
        {
            throw new InvalidOperationException($"{message.FullName} is recursive: a request of it has no largest size.");
        }
        long total = 0;
        var oneofs = new Dictionary<OneofDescriptor, long>();
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            var size = FieldSize(field, visiting);
            if (field.RealContainingOneof is { } oneof)
            {
                oneofs[oneof] = Math.Max(oneofs.GetValueOrDefault(oneof), size);
            }
            else
            {
                total += size;
            }
        }
        visiting.Remove(message);
        return total + oneofs.Values.Sum();
    }

    private static long FieldSize(FieldDescriptor field, HashSet<MessageDescriptor> visiting)
    {
        long tag = CodedOutputStream.ComputeTagSize(field.FieldNumber);
        if (field.IsMap)
        {
            var entry = LargestValid(field.MessageType, visiting);
            return RequestLimits.MaxItems(field) * (tag + Delimited(entry));
        }
        var value = ValueSize(field, visiting);
        if (!field.IsRepeated)
        {
            return tag + value;
        }
        long items = RequestLimits.MaxItems(field);
        // A parser takes a repeated number packed or not, whatever the contract says: the larger.
        var unpacked = items * (tag + value);
        return field.FieldType is FieldType.String or FieldType.Bytes or FieldType.Message
            ? unpacked
            : Math.Max(unpacked, tag + Delimited(items * value));
    }

    /// <summary>One value's encoding, without its tag (a delimited one with its length).</summary>
    private static long ValueSize(FieldDescriptor field, HashSet<MessageDescriptor> visiting) => field.FieldType switch
    {
        FieldType.String => Delimited((long)RequestLimits.MaxChars(field) * Utf8BytesPerChar),
        FieldType.Bytes => Delimited(RequestLimits.MaxChars(field)),
        FieldType.Message => Delimited(LargestValid(field.MessageType, visiting)),
        FieldType.Group => throw new InvalidOperationException($"{field.FullName} is a group: not in proto3 contracts."),
        FieldType.Bool => 1,
        FieldType.Fixed32 or FieldType.SFixed32 or FieldType.Float => 4,
        FieldType.Fixed64 or FieldType.SFixed64 or FieldType.Double => 8,
        FieldType.UInt32 or FieldType.SInt32 => MaxVarint32,
        // int32 and enums are sign-extended to 10 bytes when negative, like int64.
        _ => MaxVarint,
    };

    private static long Delimited(long length) => LengthSize(length) + length;

    private static long LengthSize(long length) => length < 1L << 7 ? 1 : length < 1L << 14 ? 2 : length < 1L << 21 ? 3 : length < 1L << 28 ? 4 : 5;
}
