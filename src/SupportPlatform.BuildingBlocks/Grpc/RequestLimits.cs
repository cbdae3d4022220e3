using Google.Protobuf.Reflection;

namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>
/// How many elements a repeated or map field of a request may hold, and how many characters a
/// string field may hold. Every such field is bounded so that no request can make a handler (or
/// the database) loop over an unbounded list, and so that every RPC has a largest valid request
/// (<see cref="RequestSizeLimits"/>); the proto files state the bounds. <see cref="RequestShape"/>
/// checks them. A service's own validation may be stricter (a title holds at most 200 characters).
/// </summary>
public static class RequestLimits
{
    /// <summary>The bound of every repeated or map field not listed in <see cref="Exceptions"/>.</summary>
    public const int DefaultMaxItems = 100;

    /// <summary>Characters (UTF-16 code units, as .NET counts a string) of a string field: the longest text any RPC takes.</summary>
    public const int DefaultMaxChars = 20_000;

    /// <summary>Characters of an identifier: a field named <c>*_id</c>, or an entry of one named <c>*_ids</c>.</summary>
    public const int IdentifierMaxChars = 100;

    /// <summary>Characters of an entry of any other repeated string field (a factor of an RCA, an event type).</summary>
    public const int ListEntryMaxChars = 2_000;

    /// <summary>
    /// The fields that legitimately need a different bound, by full proto field name. Keep this
    /// the only such list, and the proto comments in step with it.
    /// </summary>
    public static IReadOnlyDictionary<string, int> Exceptions { get; } = new Dictionary<string, int>
    {
        // A multi-year contract lists every public holiday of every year (and region) it covers.
        ["support.identity.v1.BusinessCalendar.holidays"] = 1000,
    };

    /// <summary>
    /// The string fields with a bound of their own, by full proto field name: those repeated
    /// many times over in one request (a calendar's thousand holidays, a schedule's layers and
    /// their restrictions), where the default would make the largest valid request absurd, and
    /// those of the RPCs anyone may call without a token. The service checks the format itself
    /// (a date, a time); this bound is what no valid value exceeds. Each field's comment states it.
    /// </summary>
    public static IReadOnlyDictionary<string, int> CharExceptions { get; } = new Dictionary<string, int>
    {
        ["support.identity.v1.WorkingHours.start"] = 20,
        ["support.identity.v1.WorkingHours.end"] = 20,
        ["support.identity.v1.Holiday.date"] = 20,
        ["support.identity.v1.Holiday.name"] = 200,
        ["support.escalation.v1.OnCallLayer.name"] = 100,
        ["support.escalation.v1.OnCallLayer.handoff_time"] = 20,
        ["support.escalation.v1.OnCallLayer.start_date"] = 20,
        ["support.escalation.v1.OnCallRestriction.start_time"] = 20,
        ["support.escalation.v1.OnCallRestriction.end_time"] = 20,
        ["support.identity.v1.IssueTokenRequest.client_id"] = 100,
        ["support.identity.v1.IssueTokenRequest.client_secret"] = 200,
        ["support.identity.v1.IssueTokenRequest.username"] = 320,
        ["support.identity.v1.IssueTokenRequest.password"] = 200,
        ["support.identity.v1.IssueTokenRequest.refresh_token"] = 200,
        ["support.identity.v1.AcceptInvitationRequest.token"] = 200,
        ["support.identity.v1.AcceptInvitationRequest.password"] = 200,
    };

    /// <summary>The bound of a repeated or map field.</summary>
    public static int MaxItems(FieldDescriptor field) =>
        Exceptions.TryGetValue(field.FullName, out var bound) ? bound : DefaultMaxItems;

    /// <summary>The bound of a string (or bytes) field, or of each entry of a repeated one, in characters (bytes).</summary>
    public static int MaxChars(FieldDescriptor field) =>
        CharExceptions.TryGetValue(field.FullName, out var bound) ? bound
        : field.Name.EndsWith("_id", StringComparison.Ordinal) || (field.IsRepeated && field.Name.EndsWith("_ids", StringComparison.Ordinal))
            ? IdentifierMaxChars
            : field.IsRepeated && !field.IsMap ? ListEntryMaxChars : DefaultMaxChars;
}
