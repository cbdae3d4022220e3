extern alias notification;

using System.Net;
using notification::SupportPlatform.Notification.Domain;
using StandardWebhooks;

namespace SupportPlatform.Tests.Unit;

/// <summary>Who gets an e-mail or an SMS, what they say, where a webhook may go and how it is signed, and when a failed delivery is tried again.</summary>
public sealed class DeliveryRulesTests
{
    private static NotificationRules.Draft Draft(string kind, string purpose, string urgency, string via) =>
        new(kind, kind == NotificationRules.Person ? Guid.NewGuid().ToString() : "", "CUSTOMER", "Subject", "Body", urgency, purpose, via);

    [Theory]
    [InlineData("PERSON", "FYI", "NORMAL", "RULE", true)]
    [InlineData("PERSON", "FYI", "NORMAL", "FOLLOWER", true)]
    [InlineData("PERSON", "FYI", "NORMAL", "MATRIX", false)]
    [InlineData("PERSON", "INPUT", "NORMAL", "MATRIX", true)]
    [InlineData("PERSON", "ACTION", "NORMAL", "MATRIX", true)]
    [InlineData("PERSON", "FYI", "HIGH", "MATRIX", true)]
    [InlineData("VENDOR_SUPPORT_QUEUE", "ACTION", "NORMAL", "RULE", false)]
    [InlineData("VENDOR_SUPPORT_QUEUE", "ACTION", "CRITICAL", "RULE", true)]
    public void AnEmail_GoesToWhatAsksOrMattersOrConcernsTheReader(string kind, string purpose, string urgency, string via, bool email)
    {
        Assert.Equal(email, ChannelRules.WantsEmail(Draft(kind, purpose, urgency, via), queueHasAddress: true));
        if (kind == NotificationRules.VendorSupportQueue)
        {
            Assert.False(ChannelRules.WantsEmail(Draft(kind, purpose, urgency, via), queueHasAddress: false));
        }
    }

    [Theory]
    [InlineData("PERSON", "ACTION", "CRITICAL", false, true)]
    [InlineData("PERSON", "FYI", "CRITICAL", false, true)]
    [InlineData("PERSON", "ACTION", "NORMAL", true, true)]
    [InlineData("PERSON", "INPUT", "NORMAL", true, true)]
    [InlineData("PERSON", "FYI", "HIGH", true, false)]
    [InlineData("PERSON", "ACTION", "HIGH", false, false)]
    [InlineData("VENDOR_SUPPORT_QUEUE", "ACTION", "CRITICAL", true, false)]
    public void AnSms_IsForWhatIsCritical_OrWhatAP1AsksOfAPerson(string kind, string purpose, string urgency, bool aboutP1, bool sms) =>
        Assert.Equal(sms, ChannelRules.WantsSms(Draft(kind, purpose, urgency, "RULE"), aboutP1));

    [Fact]
    public void AnSms_IsTheTextAndTheLink_InTwoSegmentsAtMost_OnOneLine()
    {
        var link = new MessageLink($"https://portal.example/cases/{Guid.NewGuid()}", "Open the case");

        Assert.Equal("[CRITICAL] PAGE: Calls drop " + link.Url, SmsContent.Fit("[CRITICAL] PAGE: Calls drop\n", link));
        var long_ = SmsContent.Fit(new string('x', 400), link);
        Assert.Equal(SmsContent.MaxLength, long_.Length);
        Assert.EndsWith("… " + link.Url, long_);
        Assert.Equal("Case closed: X and more", SmsContent.Fit("Case closed: X\r\nand more", null));
    }

    [Theory]
    [InlineData("93.184.215.14", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.20.30.40", false)]
    [InlineData("172.31.255.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::10.0.0.1", false)]
    [InlineData("2002:a00:1::1", false)]
    [InlineData("2001:0:4136:e378::1", false)]
    [InlineData("64:ff9b:1::a00:1", false)]
    [InlineData("fec0::1", false)]
    public void AWebhookEndpoint_MustBeOnAPublicAddress(string address, bool isPublic) =>
        Assert.Equal(isPublic, NetworkAddresses.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void AWebhookSignature_IsWhatTheStandardWebhooksLibraryComputes_OnePerSecret()
    {
        var (current, previous) = (WebhookSignature.NewSecret(), WebhookSignature.NewSecret());
        const string body = "{\"type\":\"CaseSubmitted\"}";
        var at = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

        var header = WebhookSignature.Sign([current, previous], "msg_1", at.ToUnixTimeSeconds(), body);

        Assert.StartsWith(WebhookSignature.SecretPrefix, current);
        Assert.Equal($"{new StandardWebhook(current).Sign("msg_1", at, body)} {new StandardWebhook(previous).Sign("msg_1", at, body)}", header);
    }

    [Fact]
    public void TheRetrySchedule_DoublesFromThirtySeconds_WithJitter_CapsAtTwoHours_AndEndsAfterTwelveAttempts()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), RetrySchedule.Next(1, 0));
        Assert.Equal(TimeSpan.FromSeconds(60), RetrySchedule.Next(2, 0));
        Assert.Equal(72, Math.Round(RetrySchedule.Next(2, 0.999999)!.Value.TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(32), RetrySchedule.Next(7, 0));
        Assert.Equal(TimeSpan.FromHours(2), RetrySchedule.Next(9, 0));
        Assert.Equal(TimeSpan.FromHours(2), RetrySchedule.Next(11, 0));
        Assert.Null(RetrySchedule.Next(12, 0));
        // A receiver that asks for a longer wait gets it.
        Assert.Equal(TimeSpan.FromMinutes(5), RetrySchedule.Next(1, 0, TimeSpan.FromMinutes(5)));
        Assert.Equal(TimeSpan.FromSeconds(30), RetrySchedule.Next(1, 0, TimeSpan.FromSeconds(5)));
        Assert.Null(RetrySchedule.Next(12, 0, TimeSpan.FromMinutes(5)));
    }
}
