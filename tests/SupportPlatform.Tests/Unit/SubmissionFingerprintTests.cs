extern alias cases;

using Google.Protobuf;
using cases::SupportPlatform.Cases.Domain;
using SupportPlatform.Cases.V1;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Unit;

public sealed class SubmissionFingerprintTests
{
    [Fact]
    public void EqualContent_HasOneFingerprint_AndAnyChangedFieldOrSubmitterAnother()
    {
        var details = ValidCase().Details;
        var person = Guid.NewGuid();
        var fingerprint = SubmissionFingerprint.Of(details, null);
        var changed = details.Clone();
        changed.AffectedUsers++;
        // The same details with a field this version of the contract does not know (number 99).
        var withUnknownField = CaseDetails.Parser.ParseFrom(details.ToByteArray().Concat(new byte[] { 0x98, 0x06, 0x01 }).ToArray());

        Assert.Matches("^[0-9a-f]{64}$", fingerprint);
        Assert.Equal(fingerprint, SubmissionFingerprint.Of(details.Clone(), null));
        Assert.Equal(fingerprint, SubmissionFingerprint.Of(withUnknownField, null));
        Assert.NotEqual(fingerprint, SubmissionFingerprint.Of(changed, null));
        Assert.NotEqual(fingerprint, SubmissionFingerprint.Of(details, person));
        Assert.Equal(SubmissionFingerprint.Of(details, person), SubmissionFingerprint.Of(details, Guid.Parse(person.ToString().ToUpperInvariant())));
    }

    [Fact]
    public void ACaseWithoutFingerprint_MatchesAnyContent_OneWithAFingerprintOnlyItsOwn()
    {
        var fingerprint = SubmissionFingerprint.Of(ValidCase().Details, null);

        Assert.True(SubmissionFingerprint.Matches(new CaseRecord { RequestHash = null }, fingerprint));
        Assert.True(SubmissionFingerprint.Matches(new CaseRecord { RequestHash = fingerprint }, fingerprint));
        Assert.False(SubmissionFingerprint.Matches(new CaseRecord { RequestHash = new string('0', 64) }, fingerprint));
    }
}
