using System.Collections;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Cases.V1;
using SupportPlatform.Rca.V1;
using SupportPlatform.Tests.Infrastructure;

namespace SupportPlatform.Tests.Unit;

/// <summary>
/// Each RPC's request size limit is its largest valid request: filled to every bound, the request
/// fits its limit with less than a KiB to spare, and docs/request-limits.md lists the limits.
/// </summary>
public sealed class RequestSizeLimitsTests
{
    // U+20AC: three bytes in UTF-8, the most one UTF-16 code unit takes.
    private const char Widest = '€';

    [Fact]
    public void EveryRpcsLargestValidRequest_FitsItsLimit_WithLessThanAKibToSpare()
    {
        var methods = RequestSizeLimits.Methods().ToList();
        Assert.True(methods.Count > 100, $"only {methods.Count} RPCs");
        foreach (var method in methods)
        {
            var largest = Largest(method.InputType);
            var limit = RequestSizeLimits.For(RequestSizeLimits.Path(method));

            // Every field at its bound is within the bounds: no length or count violation.
            Assert.DoesNotContain(RequestShape.Check(largest), v => v.Description.StartsWith("must have at most", StringComparison.Ordinal));
            // A parser must take repeated numbers unpacked too (a tag per number): that encoding counts.
            var size = largest.CalculateSize() + UnpackedExtra(largest);
            Assert.True(size <= limit, $"{method.FullName}: the largest valid request takes {size:N0} bytes, over its limit of {limit:N0}");
            Assert.True(limit - size < 1024 || limit == 1024, $"{method.FullName}: its limit {limit:N0} leaves {limit - size:N0} bytes past its largest valid request");
        }
    }

    [Fact]
    public void AStringOneCharacterOverItsBound_IsNamedByPath()
    {
        var getCase = new GetCaseRequest { CaseId = new string('a', RequestLimits.IdentifierMaxChars + 1) };
        var analysis = new UpdateRcaAnalysisRequest
        {
            RcaId = Guid.NewGuid().ToString(),
            Analysis = new RcaAnalysis { Summary = new string('a', RequestLimits.DefaultMaxChars + 1), FiveWhys = { "why", new string('b', RequestLimits.ListEntryMaxChars + 1) } },
        };

        Assert.Equal(["case_id"], RequestShape.Check(getCase).Select(v => v.Field));
        Assert.Equal("must have at most 100 characters (has 101)", RequestShape.Check(getCase).Single().Description);
        Assert.Equal(["analysis.summary", "analysis.five_whys[1]"], RequestShape.Check(analysis).Select(v => v.Field));
        Assert.Empty(RequestShape.Check(new GetCaseRequest { CaseId = new string('a', RequestLimits.IdentifierMaxChars) }));
    }

    [Fact]
    public void EveryStringBoundOfItsOwn_IsInItsFieldsComment()
    {
        var fields = Contract.Files.SelectMany(file => file.MessageTypes).SelectMany(Nested).SelectMany(message => message.Fields.InDeclarationOrder())
            .ToDictionary(field => field.FullName);
        foreach (var (name, bound) in RequestLimits.CharExceptions)
        {
            Assert.True(fields.TryGetValue(name, out var field), $"{name}: no such field");
            Assert.Contains($"{bound:N0} characters", Contract.Comment(field), StringComparison.Ordinal);
        }

        static IEnumerable<MessageDescriptor> Nested(MessageDescriptor message) => message.NestedTypes.SelectMany(Nested).Prepend(message);
    }

    [Fact]
    public void Limits_FollowWhatEachRpcCarries()
    {
        int Limit(string path) => RequestSizeLimits.For(path);

        // One identifier: a KiB.
        Assert.Equal(1024, Limit("/support.cases.v1.CaseService/GetCase"));
        // An analysis of eight texts and five lists of a hundred entries: over the 1 MiB every RPC had before.
        Assert.True(Limit("/support.rca.v1.RcaService/UpdateRcaAnalysis") > 1024 * 1024);
        Assert.Equal(RequestSizeLimits.All.Values.Max(), RequestSizeLimits.Largest);
        // An unknown path (a new RPC of a newer contract) gets the largest.
        Assert.Equal(RequestSizeLimits.Largest, Limit("/support.cases.v1.CaseService/NoSuchRpc"));
    }

    [Fact]
    public void TheDocsList_EveryRpcsLimit()
    {
        var file = Path.Combine(Paths.SolutionDirectory, "docs", "request-limits.md");
        var expected = Document();
        if (Environment.GetEnvironmentVariable("SUPPORTPLATFORM_WRITE_DOCS") == "1")
        {
            File.WriteAllText(file, expected);
        }
        Assert.True(File.Exists(file) && File.ReadAllText(file) == expected,
            "docs/request-limits.md is not the limits the code computes: run `SUPPORTPLATFORM_WRITE_DOCS=1 dotnet test --filter TheDocsList_EveryRpcsLimit` and commit it.");
    }

    private static string Document()
    {
        var text = new StringBuilder();
        text.Append("""
            # Request size limits, per RPC

            Generated from the contracts by `RequestSizeLimitsTests.TheDocsList_EveryRpcsLimit`; do not edit.

            Each RPC refuses a gRPC request larger than its largest valid request with `RESOURCE_EXHAUSTED`
            and `google.rpc.ErrorInfo` reason `REQUEST_TOO_LARGE` (domain `supportplatform`, metadata `rpc`
            and `limit_bytes`), before reading more of it. The largest valid request has every string at
            its bound in 3-byte UTF-8 characters (an identifier, `*_id` or an entry of `*_ids`: 100
            characters; an entry of another list: 2,000; any other string: 20,000; a field's comment may
            say less, which the service checks), every list full (100 entries unless its comment says
            otherwise) and every number at its longest encoding. A field over its bound is
            `INVALID_ARGUMENT` naming the field. Over HTTP/JSON the same field bounds apply.

            | RPC | limit (bytes) |
            |---|---:|

            """);
        foreach (var (path, limit) in RequestSizeLimits.All.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"| `{path}` | {limit:N0} |\n");
        }
        return text.ToString();
    }

    /// <summary>The request with every field at its bound: the largest a service accepts.</summary>
    private static IMessage Largest(MessageDescriptor descriptor)
    {
        var message = descriptor.Parser.ParseFrom(ByteString.Empty);
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            Assert.True(!field.IsMap && field.RealContainingOneof is null,
                $"{field.FullName}: a map or oneof in a request; teach this test to fill it at its bound");
            if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                for (var index = 0; index < RequestLimits.MaxItems(field); index++)
                {
                    list.Add(Value(field));
                }
            }
            else
            {
                field.Accessor.SetValue(message, Value(field));
            }
        }
        return message;
    }

    /// <summary>How many bytes more the message takes with its repeated numbers unpacked.</summary>
    private static int UnpackedExtra(IMessage message)
    {
        var extra = 0;
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated && field.FieldType is not (FieldType.Message or FieldType.String or FieldType.Bytes))
            {
                var list = (IList)value;
                var tag = CodedOutputStream.ComputeTagSize(field.FieldNumber);
                var packed = message.CalculateSize() - Without(message, field).CalculateSize();
                // Packed: tag, length, data; the data's length is what makes the length take 1-5 bytes.
                var rest = packed - tag;
                var data = Enumerable.Range(1, 5).Select(length => rest - length).First(bytes => CodedOutputStream.ComputeLengthSize(bytes) == rest - bytes);
                extra += list.Count * tag + data - packed;
            }
            else if (value is IMessage nested)
            {
                extra += UnpackedExtra(nested);
            }
            else if (field.IsRepeated && field.FieldType == FieldType.Message)
            {
                extra += ((IList)value).Cast<IMessage>().Sum(UnpackedExtra);
            }
        }
        return extra;
    }

    private static IMessage Without(IMessage message, FieldDescriptor field)
    {
        var copy = message.Descriptor.Parser.ParseFrom(message.ToByteString());
        field.Accessor.Clear(copy);
        return copy;
    }

    private static object Value(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String => new string(Widest, RequestLimits.MaxChars(field)),
        FieldType.Bytes => ByteString.CopyFrom(new byte[RequestLimits.MaxChars(field)]),
        FieldType.Message => Largest(field.MessageType),
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, -1),
        FieldType.Bool => true,
        FieldType.Int32 => -1,
        FieldType.Int64 => -1L,
        FieldType.UInt32 => uint.MaxValue,
        FieldType.UInt64 => ulong.MaxValue,
        FieldType.SInt32 => int.MinValue,
        FieldType.SInt64 => long.MinValue,
        FieldType.Fixed32 => uint.MaxValue,
        FieldType.Fixed64 => ulong.MaxValue,
        FieldType.SFixed32 => -1,
        FieldType.SFixed64 => -1L,
        FieldType.Float => 1f,
        FieldType.Double => 1d,
        _ => throw new NotSupportedException(field.FullName),
    };
}
