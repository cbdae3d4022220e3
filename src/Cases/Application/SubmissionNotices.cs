using Grpc.Core;
using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Cases.Domain;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Escalation.V1;

namespace SupportPlatform.Cases.Application;

/// <summary>
/// What a submitter of a P1 is told with the answer: a Premium Plus customer the 24x7 hotline to
/// call; any other customer when the case's SLA clock starts — at once in business hours, at the
/// next opening outside them (asked of the escalation service, which keeps calendars and
/// policies). The case is stored before this is asked: if the escalation service cannot answer,
/// the submission still stands and the notice says the start could not be confirmed.
/// </summary>
public sealed class SubmissionNotices(SlaService.SlaServiceClient slas, IOptions<SupportLineOptions> options, ILogger<SubmissionNotices> logger)
{
    public SupportPlatform.Cases.V1.Hotline? HotlineFor(CaseRecord record) =>
        record is { Plan: "PREMIUM_PLUS", Priority: "P1" } && options.Value.HotlineNumber is { Length: > 0 } number
            ? new SupportPlatform.Cases.V1.Hotline
            {
                Number = number,
                Instruction = $"Call the 24x7 support line {number} now and give the case number {record.Id}: the support agreement asks you to call after submitting a Priority 1 case.",
            }
            : null;

    /// <param name="accessToken">The submitter's token, forwarded: the escalation service decides what they may ask.</param>
    public async Task<SlaNotice?> SlaNoticeForAsync(CaseRecord record, string accessToken, CancellationToken cancellationToken)
    {
        if (record.Priority != "P1" || record.Plan == "PREMIUM_PLUS")
        {
            return null;
        }
        try
        {
            var preview = await slas.PreviewClockAsync(new PreviewClockRequest
            {
                OrganizationId = record.OrganizationId.ToString(),
                Plan = ProtoEnums.Parse<SupportPlan>(record.Plan),
                Priority = ProtoEnums.Parse<Priority>(record.Priority),
                At = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(record.CreatedAt),
            }, new Metadata { { "authorization", "Bearer " + accessToken } }, cancellationToken: cancellationToken);
            var deferred = preview.ClockStartsAt.ToDateTimeOffset() > record.CreatedAt;
            return new SlaNotice
            {
                ClockStartsAt = preview.ClockStartsAt,
                ClockStartsAtLocal = preview.ClockStartsAtLocal,
                TimeZone = preview.TimeZone,
                Deferred = deferred,
                Message = deferred
                    ? $"This Priority 1 case was submitted outside your business hours. Its SLA clock starts at {preview.ClockStartsAtLocal} ({preview.TimeZone}), when your business hours begin: 24x7 cover for Priority 1 cases is part of Premium Plus support."
                    : $"This Priority 1 case's SLA clock started at submission; it runs in your business hours ({preview.TimeZone}).",
            };
        }
        catch (RpcException exception)
        {
            logger.LogWarning(exception, "Could not ask when the SLA clock of case {CaseId} starts", record.Id);
            return new SlaNotice
            {
                Message = "Your Priority 1 case is logged. Its SLA clock runs in your business hours only (24x7 cover is part of Premium Plus support); when it starts could not be confirmed just now — see the case's SLA.",
            };
        }
    }
}
