using System.Collections;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Cases.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;

namespace SupportPlatform.Tests.Unit;

/// <summary>The descriptor walk behind RequestShapeInterceptor, on every request of every proto.</summary>
public sealed class RequestShapeTests
{
    [Fact]
    public void EveryRepeatedFieldOfEveryRequest_IsBounded_AndItsProtoCommentSaysSo()
    {
        var checkedFields = new HashSet<string>();
        foreach (var request in Contract.Files.SelectMany(file => file.Services).SelectMany(service => service.Methods).Select(method => method.InputType).Distinct())
        {
            foreach (var (path, field) in RepeatedFields(request, ""))
            {
                var bound = RequestLimits.MaxItems(field);
                Assert.True(bound <= 1000, $"{field.FullName} allows {bound} items");

                var atBound = WithItems(request, path, bound);
                var overBound = WithItems(request, path, bound + 1);

                Assert.DoesNotContain(RequestShape.Check(atBound), v => v.Field == path);
                Assert.Contains(RequestShape.Check(overBound), v => v.Field == path && v.Description.Contains($"at most {bound:N0}"));
                Assert.Contains($"at most {bound:N0}", Contract.Comment(field), StringComparison.OrdinalIgnoreCase);
                checkedFields.Add(path);
            }
        }
        // The walk found (at least) the repeated fields there are today; new ones are checked too.
        Assert.Superset(new HashSet<string>
        {
            "statuses", "priorities", "roles", "letters",
            "calendar.working_hours", "calendar.holidays", "contract.calendar.working_hours", "contract.calendar.holidays",
        }, checkedFields);
    }

    [Fact]
    public void TimestampsAndDurations_OutOfRange_AreNamedByPath_InNestedRepeatedAndMapFields()
    {
        var response = new ListCasesResponse
        {
            Cases =
            {
                new Case { CreatedAt = new Timestamp { Seconds = 0 } },
                new Case { CreatedAt = new Timestamp { Seconds = 253_402_300_800 }, Details = new CaseDetails { StartedAt = new Timestamp { Nanos = -1 } } },
            },
        };
        var grant = new AccessGrant { Duration = new Duration { Seconds = 60, Nanos = -1 } };
        var map = new Struct { Fields = { ["a"] = Value.ForNumber(1) } };
        var oversizedMap = new Struct();
        for (var index = 0; index <= RequestLimits.DefaultMaxItems; index++)
        {
            oversizedMap.Fields["k" + index] = Value.ForNull();
        }

        Assert.Equal(["cases[1].details.started_at", "cases[1].created_at"], RequestShape.Check(response).Select(v => v.Field));
        Assert.Equal(["duration"], RequestShape.Check(grant).Select(v => v.Field));
        Assert.Empty(RequestShape.Check(map));
        Assert.Equal(["fields"], RequestShape.Check(oversizedMap).Select(v => v.Field));
    }

    [Theory]
    [InlineData(-62_135_596_800, 0, true)]
    [InlineData(253_402_300_799, 999_999_999, true)]
    [InlineData(-62_135_596_801, 0, false)]
    [InlineData(253_402_300_800, 0, false)]
    [InlineData(0, -1, false)]
    [InlineData(0, 1_000_000_000, false)]
    public void Timestamp_WithinItsDefinedRange_Only(long seconds, int nanos, bool valid)
    {
        var request = new ListCasesRequest { UpdatedSince = new Timestamp { Seconds = seconds, Nanos = nanos } };

        Assert.Equal(valid ? [] : ["updated_since"], RequestShape.Check(request).Select(v => v.Field));
    }

    [Theory]
    [InlineData(315_576_000_000, 999_999_999, true)]
    [InlineData(-315_576_000_000, -999_999_999, true)]
    [InlineData(0, -5, true)]
    [InlineData(long.MaxValue, 0, false)]
    [InlineData(long.MinValue, 0, false)]
    [InlineData(315_576_000_001, 0, false)]
    [InlineData(3600, -1, false)]
    [InlineData(-3600, 1, false)]
    [InlineData(0, 1_000_000_000, false)]
    [InlineData(0, -1_000_000_000, false)]
    public void Duration_WithinItsDefinedRange_AndSignsAgreeing_Only(long seconds, int nanos, bool valid)
    {
        var request = new RequestAccessRequest { Duration = new Duration { Seconds = seconds, Nanos = nanos } };

        Assert.Equal(valid ? [] : ["duration"], RequestShape.Check(request).Select(v => v.Field));
    }

    /// <summary>Every repeated or map field reachable from <paramref name="message"/>, with its path.</summary>
    private static IEnumerable<(string Path, FieldDescriptor Field)> RepeatedFields(MessageDescriptor message, string prefix)
    {
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            var path = prefix + field.Name;
            if (field.IsRepeated)
            {
                yield return (path, field);
            }
            else if (field.FieldType == FieldType.Message && field.MessageType.File.Package.StartsWith("support.", StringComparison.Ordinal))
            {
                foreach (var nested in RepeatedFields(field.MessageType, path + "."))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>A request with <paramref name="count"/> default elements in the repeated field at <paramref name="path"/>.</summary>
    private static IMessage WithItems(MessageDescriptor request, string path, int count)
    {
        var root = request.Parser.ParseFrom(ByteString.Empty);
        var message = root;
        var names = path.Split('.');
        foreach (var name in names[..^1])
        {
            var field = message.Descriptor.FindFieldByName(name);
            var child = field.MessageType.Parser.ParseFrom(ByteString.Empty);
            field.Accessor.SetValue(message, child);
            message = child;
        }
        var repeated = message.Descriptor.FindFieldByName(names[^1]);
        var list = (IList)repeated.Accessor.GetValue(message);
        var elementType = list.GetType().GetGenericArguments()[0];
        for (var index = 0; index < count; index++)
        {
            list.Add(repeated.FieldType switch
            {
                FieldType.Message => repeated.MessageType.Parser.ParseFrom(ByteString.Empty),
                FieldType.String => "x",
                FieldType.Bytes => ByteString.Empty,
                _ => Activator.CreateInstance(elementType),
            });
        }
        return root;
    }
}
