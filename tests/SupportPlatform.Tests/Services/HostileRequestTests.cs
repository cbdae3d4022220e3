using System.Collections;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using Xunit.Abstractions;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// A sweep of requests that decode but carry hostile values, generated from the contracts so that
/// every field of every RPC's request (nested messages too) gets each value its type can be abused
/// with: oversized strings, SQL and path fragments, ids that are no ids, unknown enum values,
/// extreme numbers, out-of-range timestamps and durations, and repeated fields with 100,000
/// entries. Sent as a platform administrator, a customer's L1 agent and a vendor engineer, no call
/// is INTERNAL or UNKNOWN, no answer carries a stack trace, SQL or a server path, and every
/// service is healthy afterwards.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class HostileRequestTests(StackFixture fixture, ITestOutputHelper output)
{
    /// <summary>A string well past every field's bound: INVALID_ARGUMENT, or REQUEST_TOO_LARGE where the RPC's limit is smaller.</summary>
    private const int Oversized = 100_000;

    /// <summary>How many entries a huge repeated field gets.</summary>
    private const int Huge = 100_000;

    private static readonly string[] HostileStrings =
    [
        new('x', Oversized),
        "'; DROP TABLE cases; --",
        "../../../../etc/passwd",
        "00000000-0000-0000-0000-00000000000g",
        "\0\u202e%s%n{0}${jndi:ldap://x}",
    ];

    /// <summary>Text that would show an answer leaks how the server is built.</summary>
    private static readonly string[] Leaks =
    [
        "   at ", "Exception", "SELECT ", "INSERT ", "UPDATE ", "DELETE ", "SQLite", "constraint failed", "syntax error",
        ".cs:line", "/work/", "/src/", "/home/", "/root/", "/usr/share/dotnet",
    ];

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    [Fact]
    public async Task EveryFieldOfEveryRpc_WithHostileValues_IsNeverInternalOrUnknown_LeaksNothing_AndTheServicesStayHealthy()
    {
        var stack = fixture.Stack;
        var customer = await stack.CreateCustomerAsync();
        (string Name, string Token)[] callers =
        [
            ("platform admin", await stack.AdminTokenAsync()),
            ("L1 agent", (await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent)).Token),
            ("vendor engineer", (await stack.CreateVendorEngineerAsync()).Token),
        ];
        var leaks = new[] { stack.DataDirectory, Path.GetTempPath() }.Concat(Leaks).ToArray();
        var problems = new List<string>();
        var statuses = new Dictionary<StatusCode, int>();
        var calls = 0;

        foreach (var method in Contract.Files.SelectMany(file => file.Services).SelectMany(service => service.Methods).Where(method => !method.IsClientStreaming))
        {
            using var channel = GrpcChannel.ForAddress(stack.GrpcAddresses[Contract.ServiceOf(method.File)],
                new GrpcChannelOptions { MaxReceiveMessageSize = null, MaxSendMessageSize = null });
            foreach (var (what, request) in Variants(method.InputType))
            {
                var body = request.ToByteArray();
                foreach (var (caller, token) in callers)
                {
                    calls++;
                    var (code, text) = await CallAsync(channel, method, body, Bearer(token));
                    statuses[code] = statuses.GetValueOrDefault(code) + 1;
                    var leak = leaks.FirstOrDefault(marker => text.Contains(marker, StringComparison.Ordinal));
                    if (code is StatusCode.Internal or StatusCode.Unknown || leak is not null)
                    {
                        problems.Add($"{method.FullName} as {caller} with {what}: {code}{(leak is null ? "" : $" leaking '{leak}'")}: {Shorten(text)}");
                    }
                }
            }
        }
        output.WriteLine($"{calls} calls: {string.Join(", ", statuses.OrderByDescending(pair => pair.Value).Select(pair => $"{pair.Key} {pair.Value}"))}");

        Assert.True(problems.Count == 0, $"{problems.Count} of {calls} calls:{Environment.NewLine}{string.Join(Environment.NewLine, problems.Take(30))}");
        Assert.True(calls > 3_000, $"only {calls} calls");
        foreach (var address in stack.GrpcAddresses.Values)
        {
            using var channel = GrpcChannel.ForAddress(address);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest())).Status);
        }
    }

    /// <summary>Each hostile value in each field reachable from the request (depth 3), one per request.</summary>
    private static IEnumerable<(string What, IMessage Request)> Variants(MessageDescriptor type)
    {
        foreach (var path in Paths(type, depth: 3))
        {
            var field = path[^1];
            var name = string.Join('.', path.Select(step => step.Name));
            if (field.IsRepeated)
            {
                yield return ($"{name} with {Huge:N0} entries", With(type, path, list => Fill(field, list)));
                continue;
            }
            foreach (var (label, value) in HostileValues(field))
            {
                yield return ($"{name} = {label}", With(type, path, value));
            }
        }
    }

    /// <summary>Every field path from the request to a field that takes a value (messages opened, well-known types kept whole).</summary>
    private static IEnumerable<FieldDescriptor[]> Paths(MessageDescriptor type, int depth)
    {
        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            if (field.FieldType == FieldType.Message && !field.IsRepeated && !field.IsMap && !IsWellKnown(field.MessageType) && depth > 1)
            {
                foreach (var inner in Paths(field.MessageType, depth - 1))
                {
                    yield return [field, .. inner];
                }
            }
            else
            {
                yield return [field];
            }
        }
    }

    private static bool IsWellKnown(MessageDescriptor type) => type.File.Package == "google.protobuf";

    private static IEnumerable<(string Label, object Value)> HostileValues(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String => HostileStrings.Select(value => (value.Length > 40 ? $"{value.Length:N0} characters" : $"'{value}'", (object)value)),
        FieldType.Bytes => [($"{Oversized:N0} bytes", ByteString.CopyFrom(new byte[Oversized]))],
        FieldType.Enum => [("unknown enum value 999", System.Enum.ToObject(field.EnumType.ClrType, 999)), ("unknown enum value -5", System.Enum.ToObject(field.EnumType.ClrType, -5))],
        FieldType.Bool => [("true", true)],
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => [("-1", -1), ("int.MinValue", int.MinValue), ("int.MaxValue", int.MaxValue)],
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => [("-1", -1L), ("long.MinValue", long.MinValue), ("long.MaxValue", long.MaxValue)],
        FieldType.UInt32 or FieldType.Fixed32 => [("uint.MaxValue", uint.MaxValue)],
        FieldType.UInt64 or FieldType.Fixed64 => [("ulong.MaxValue", ulong.MaxValue)],
        FieldType.Double => [("NaN", double.NaN), ("-Infinity", double.NegativeInfinity)],
        FieldType.Float => [("NaN", float.NaN), ("-Infinity", float.NegativeInfinity)],
        FieldType.Message when field.MessageType.FullName == Timestamp.Descriptor.FullName =>
            [("timestamp long.MaxValue s", new Timestamp { Seconds = long.MaxValue }), ("timestamp -1 ns", new Timestamp { Seconds = 1, Nanos = -1 })],
        FieldType.Message when field.MessageType.FullName == Duration.Descriptor.FullName =>
            [("duration long.MinValue s", new Duration { Seconds = long.MinValue }), ("duration mixed signs", new Duration { Seconds = 60, Nanos = -1 })],
        // A message past the depth the sweep opens: present but empty.
        FieldType.Message => [("an empty message", field.MessageType.Parser.ParseFrom(ByteString.Empty))],
        _ => [],
    };

    /// <summary>One hostile entry repeated: a long list of valid-looking but pointless values.</summary>
    private static void Fill(FieldDescriptor field, object collection)
    {
        if (field.IsMap)
        {
            throw new NotSupportedException($"{field.FullName}: the contracts had no map field when this sweep was written; give it hostile keys and values");
        }
        var list = (IList)collection;
        var entry = field.FieldType switch
        {
            FieldType.String => "x",
            FieldType.Message => field.MessageType.Parser.ParseFrom(ByteString.Empty),
            _ => HostileValues(field).First().Value,
        };
        for (var index = 0; index < Huge; index++)
        {
            list.Add(entry);
        }
    }

    /// <summary>A new request with the value set at the path, the messages on the way created.</summary>
    private static IMessage With(MessageDescriptor type, FieldDescriptor[] path, object value) =>
        With(type, path, collection => { }, value);

    private static IMessage With(MessageDescriptor type, FieldDescriptor[] path, Action<object> fill) =>
        With(type, path, fill, value: null);

    private static IMessage With(MessageDescriptor type, FieldDescriptor[] path, Action<object> fill, object? value)
    {
        var request = type.Parser.ParseFrom(ByteString.Empty);
        var target = request;
        foreach (var step in path[..^1])
        {
            var inner = step.MessageType.Parser.ParseFrom(ByteString.Empty);
            step.Accessor.SetValue(target, inner);
            target = inner;
        }
        var field = path[^1];
        if (value is null)
        {
            fill(field.Accessor.GetValue(target));
        }
        else
        {
            field.Accessor.SetValue(target, value);
        }
        return request;
    }

    /// <summary>The call's status and every text the answer carries (detail and google.rpc details), as a client sees them.</summary>
    private static async Task<(StatusCode Code, string Text)> CallAsync(GrpcChannel channel, MethodDescriptor method, byte[] body, Metadata headers)
    {
        var invoker = channel.CreateCallInvoker();
        try
        {
            if (method.IsServerStreaming)
            {
                // Accepted once the stream is open without an error for a moment.
                using var open = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
                var streaming = new Method<byte[], byte[]>(MethodType.ServerStreaming, method.Service.FullName, method.Name, Raw, Raw);
                using var call = invoker.AsyncServerStreamingCall(streaming, null, new CallOptions(headers, cancellationToken: open.Token), body);
                try
                {
                    await call.ResponseStream.MoveNext(open.Token);
                }
                catch (RpcException exception) when (exception.StatusCode == StatusCode.Cancelled && open.IsCancellationRequested)
                {
                }
                return (StatusCode.OK, "");
            }
            var unary = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, Raw, Raw);
            await invoker.AsyncUnaryCall(unary, null, new CallOptions(headers, deadline: DateTime.UtcNow.AddSeconds(30)), body);
            return (StatusCode.OK, "");
        }
        catch (RpcException exception)
        {
            var details = exception.Trailers.GetValueBytes("grpc-status-details-bin") ?? [];
            // The details' strings appear verbatim in their encoding.
            return (exception.StatusCode, exception.Status.Detail + " " + Encoding.UTF8.GetString(details));
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
