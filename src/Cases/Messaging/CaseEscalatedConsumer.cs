using MassTransit;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Cases.Application;
using SupportPlatform.Contracts.Events;

namespace SupportPlatform.Cases.Messaging;

/// <summary>Records the escalation service's escalations on the cases, once each.</summary>
public sealed class CaseEscalatedConsumer(Inbox inbox, EscalationRecorder recorder) : IConsumer<CaseEscalated>
{
    public async Task Consume(ConsumeContext<CaseEscalated> context)
    {
        if (await inbox.HandleOnceAsync(context, nameof(CaseEscalatedConsumer), work => recorder.ApplyAsync(work, context.Message)))
        {
            recorder.Committed();
        }
    }
}
