using System.Security.Cryptography;
using Google.Protobuf;
using SupportPlatform.Cases.V1;

namespace SupportPlatform.Cases.Domain;

/// <summary>
/// What makes two SubmitCase requests with the same request id the same request (as Stripe's
/// idempotency keys): SHA-256 of the case details and <c>on_behalf_of_person_id</c>, as one
/// protobuf message (a SubmitCaseRequest without its request id). Protobuf's C# serializer writes known fields in field-number order and
/// <see cref="CaseDetails"/> has no maps, so equal content gives equal bytes; fields unknown to
/// this version of the contract are left out, as the case does not keep them either. Pure.
/// </summary>
public static class SubmissionFingerprint
{
    private static readonly MessageParser<SubmitCaseRequest> KnownFieldsOnly = SubmitCaseRequest.Parser.WithDiscardUnknownFields(true);

    /// <summary>
    /// 64 lower-case hex digits. <paramref name="onBehalfOf"/> is the parsed person id (so that
    /// "ABC…" and "abc…" are one person), null when the caller submits for themself.
    /// </summary>
    public static string Of(CaseDetails? details, Guid? onBehalfOf)
    {
        var content = new SubmitCaseRequest { Details = details, OnBehalfOfPersonId = onBehalfOf?.ToString() ?? "" };
        var canonical = KnownFieldsOnly.ParseFrom(content.ToByteArray()).ToByteArray();
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    /// <summary>
    /// True when <paramref name="earlier"/> may be replayed for a request with
    /// <paramref name="fingerprint"/>: the same content, or a case recorded before fingerprints
    /// were (nothing to compare, so it is replayed as it always was).
    /// </summary>
    public static bool Matches(CaseRecord earlier, string fingerprint) =>
        earlier.RequestHash is null || string.Equals(earlier.RequestHash, fingerprint, StringComparison.Ordinal);
}
