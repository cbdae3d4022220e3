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
/// them throws, which used to surface as INTERNAL), and every repeated or map field within its
/// <see cref="RequestLimits"/> bound. Violations name the field path, e.g.
/// <c>details.started_at</c> or <c>calendar.holidays[3]</c>.
/// </summary>
public static class RequestShape
{
    // google/protobuf/timestamp.proto: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
    private const long MinTimestampSeconds = -62_135_596_800;
    private const long MaxTimestampSeconds = 253_402_300_799;
    // google/protobuf/duration.proto: about ±10,000 years.
    private const long MaxDurationSeconds = 315_576_000_000;
    private const int MaxNanos = 999_999_999;

    // Per message type, the fields that can hold something to check; a type with none (most
    // requests: ids, strings, numbers) costs a dictionary lookup.
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
            var fieldPath = path.Length == 0 ? field.Name : path + "." + field.Name;
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                var map = (IDictionary)value;
                if (Bounded(field, map.Count, fieldPath, violations) && field.MessageType.FindFieldByNumber(2).FieldType == FieldType.Message)
                {
                    foreach (DictionaryEntry entry in map)
                    {
                        if (entry.Value is IMessage item)
                        {
                            CheckMessage(item, $"{fieldPath}[{Key(entry.Key)}]", violations);
                        }
                    }
                }
            }
            else if (field.IsRepeated)
            {
                var list = (IList)value;
                if (Bounded(field, list.Count, fieldPath, violations) && field.FieldType == FieldType.Message)
                {
                    for (var index = 0; index < list.Count; index++)
                    {
                        CheckMessage((IMessage)list[index]!, $"{fieldPath}[{index}]", violations);
                    }
                }
            }
            else if (value is IMessage nested)
            {
                CheckMessage(nested, fieldPath, violations);
            }
        }
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

    /// <summary>The fields worth visiting: repeated and map fields, and messages that can contain checks.</summary>
    private static FieldDescriptor[] Plan(MessageDescriptor descriptor) =>
        descriptor.Fields.InFieldNumberOrder()
            .Where(field => field.IsRepeated || (field.FieldType == FieldType.Message && MayContainChecks(field.MessageType, [])))
            .ToArray();

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
            field.IsRepeated || (field.FieldType == FieldType.Message && MayContainChecks(field.MessageType, visiting)));
    }
}
