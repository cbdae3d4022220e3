using System.Collections;
using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>
/// Checks what protobuf's wire format lets through but no handler can use, for any message, by
/// walking it along its descriptor: every <c>google.protobuf.Timestamp</c> and
/// <c>google.protobuf.Duration</c> within the ranges their definitions allow (else converting
/// them throws, which used to surface as INTERNAL), every repeated or map field within its
/// <see cref="RequestLimits"/> bound, and every string within its length bound (which, with the
/// item bounds, gives each RPC a largest valid request: <see cref="RequestSizeLimits"/>).
/// Violations name the field path, e.g. <c>details.started_at</c>, <c>calendar.holidays[3]</c>
/// or <c>analysis.five_whys[2]</c>.
/// </summary>
public static class RequestShape
{
    // google/protobuf/timestamp.proto: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
    private const long MinTimestampSeconds = -62_135_596_800;
    private const long MaxTimestampSeconds = 253_402_300_799;
    // google/protobuf/duration.proto: about ±10,000 years.
    private const long MaxDurationSeconds = 315_576_000_000;
    private const int MaxNanos = 999_999_999;

    // Per message type, the fields that can hold something to check; a type with none (numbers
    // and enums only) costs a dictionary lookup.
    private static readonly ConcurrentDictionary<MessageDescriptor, FieldDescriptor[]> Plans = new();

    /// <summary>Every violation in <paramref name="message"/>; empty when there is none.</summary>
    public static IReadOnlyList<BadRequest.Types.FieldViolation> Check(IMessage message)
    {
        if (message is not (Timestamp or Duration) && Plans.GetOrAdd(message.Descriptor, Plan).Length == 0)
        {
            // Every call passes here: the common request with nothing to check allocates nothing.
            return [];
        }
        var violations = new List<BadRequest.Types.FieldViolation>();
        CheckMessage(message, "", violations);
        return violations;
    }

    private static void CheckMessage(IMessage message, string path, List<BadRequest.Types.FieldViolation> violations)
    {
        switch (message)
        {
            case Timestamp timestamp:
                if (timestamp.Seconds is < MinTimestampSeconds or > MaxTimestampSeconds || timestamp.Nanos is < 0 or > MaxNanos)
                {
                    Add(violations, path, "must be a timestamp from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z, with nanos 0 to 999,999,999");
                }
                return;
            case Duration duration:
                if (duration.Seconds is < -MaxDurationSeconds or > MaxDurationSeconds || duration.Nanos is < -MaxNanos or > MaxNanos
                    || (duration.Seconds > 0 && duration.Nanos < 0) || (duration.Seconds < 0 && duration.Nanos > 0))
                {
                    Add(violations, path, "must be a duration within ±315,576,000,000 seconds, with nanos of at most 999,999,999 and of the same sign as the seconds");
                }
                return;
        }
        foreach (var field in Plans.GetOrAdd(message.Descriptor, Plan))
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                var map = (IDictionary)value;
                var fieldPath = PathOf(path, field);
                if (Bounded(field, map.Count, fieldPath, violations))
                {
                    var keyField = field.MessageType.FindFieldByNumber(1);
                    var valueField = field.MessageType.FindFieldByNumber(2);
                    foreach (DictionaryEntry entry in map)
                    {
                        if (entry.Key is string key && key.Length > RequestLimits.MaxChars(keyField))
                        {
                            // A key too long to echo in a path: the map is named instead.
                            AddTooLong(violations, fieldPath, keyField, key.Length);
                        }
                        else if (entry.Value is IMessage item)
                        {
                            CheckMessage(item, $"{fieldPath}[{Key(entry.Key)}]", violations);
                        }
                        else if (entry.Value is string text && text.Length > RequestLimits.MaxChars(valueField))
                        {
                            AddTooLong(violations, $"{fieldPath}[{Key(entry.Key)}]", valueField, text.Length);
                        }
                    }
                }
            }
            else if (field.IsRepeated)
            {
                var list = (IList)value;
                var fieldPath = PathOf(path, field);
                if (Bounded(field, list.Count, fieldPath, violations) && field.FieldType is FieldType.Message or FieldType.String or FieldType.Bytes)
                {
                    for (var index = 0; index < list.Count; index++)
                    {
                        CheckValue(field, list[index]!, $"{fieldPath}[{index}]", violations);
                    }
                }
            }
            else if (value is not null)
            {
                CheckValue(field, value, null, violations, path);
            }
        }
    }

    /// <summary>One value of a field: a message is walked, a string or bytes measured; <paramref name="path"/> is built only when needed.</summary>
    private static void CheckValue(FieldDescriptor field, object value, string? itemPath, List<BadRequest.Types.FieldViolation> violations, string parent = "")
    {
        switch (value)
        {
            case IMessage nested:
                CheckMessage(nested, itemPath ?? PathOf(parent, field), violations);
                break;
            case string text when text.Length > RequestLimits.MaxChars(field):
                AddTooLong(violations, itemPath ?? PathOf(parent, field), field, text.Length);
                break;
            case ByteString bytes when bytes.Length > RequestLimits.MaxChars(field):
                AddTooLong(violations, itemPath ?? PathOf(parent, field), field, bytes.Length);
                break;
        }
    }

    private static string PathOf(string parent, FieldDescriptor field) => parent.Length == 0 ? field.Name : parent + "." + field.Name;

    private static void AddTooLong(List<BadRequest.Types.FieldViolation> violations, string path, FieldDescriptor field, int length)
    {
        // The text itself is never echoed: only its length.
        var unit = field.FieldType == FieldType.Bytes ? "bytes" : "characters";
        Add(violations, path, $"must have at most {RequestLimits.MaxChars(field):N0} {unit} (has {length:N0})");
    }

    private static bool Bounded(FieldDescriptor field, int count, string path, List<BadRequest.Types.FieldViolation> violations)
    {
        var bound = RequestLimits.MaxItems(field);
        if (count <= bound)
        {
            return true;
        }
        // The elements are not looked at: that is the work the bound is there to refuse.
        Add(violations, path, $"must have at most {bound:N0} items (has {count:N0})");
        return false;
    }

    private static string Key(object key) => key is string text ? $"\"{text}\"" : Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture)!;

    private static void Add(List<BadRequest.Types.FieldViolation> violations, string path, string description) =>
        violations.Add(new BadRequest.Types.FieldViolation { Field = path, Description = description });

    /// <summary>The fields worth visiting: repeated, map, string and bytes fields, and messages that can contain checks.</summary>
    private static FieldDescriptor[] Plan(MessageDescriptor descriptor) =>
        descriptor.Fields.InFieldNumberOrder()
            .Where(field => field.IsRepeated || IsText(field) || (field.FieldType == FieldType.Message && MayContainChecks(field.MessageType, [])))
            .ToArray();

    private static bool IsText(FieldDescriptor field) => field.FieldType is FieldType.String or FieldType.Bytes;

    private static bool MayContainChecks(MessageDescriptor descriptor, HashSet<MessageDescriptor> visiting)
    {
        if (descriptor == Timestamp.Descriptor || descriptor == Duration.Descriptor)
        {
            return true;
        }
        if (!visiting.Add(descriptor))
        {
            // A recursive type: whatever it holds is found on the way in.
            return false;
        }
        return descriptor.Fields.InDeclarationOrder().Any(field =>
            field.IsRepeated || IsText(field) || (field.FieldType == FieldType.Message && MayContainChecks(field.MessageType, visiting)));
    }
}
