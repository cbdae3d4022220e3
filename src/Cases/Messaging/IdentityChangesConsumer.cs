using MassTransit;
using SupportPlatform.Cases.Application;
using SupportPlatform.Contracts.Events;

namespace SupportPlatform.Cases.Messaging;

/// <summary>Drops remembered submitter answers when identity reports a change.</summary>
public sealed class IdentityChangesConsumer(SubmitterDirectory submitters) : IConsumer<PersonChanged>, IConsumer<SupportContractChanged>
{
    public Task Consume(ConsumeContext<PersonChanged> context) => submitters.ForgetPersonAsync(context.Message.PersonId).AsTask();

    public Task Consume(ConsumeContext<SupportContractChanged> context) => submitters.ForgetOrganizationAsync(context.Message.OrganizationId).AsTask();
}
