using System.Collections.Concurrent;
using Grpc.Core;
using MassTransit;
using SupportPlatform.Cases.Application;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Cases.Messaging;

/// <summary>Drops remembered submitter answers when identity reports a change.</summary>
public sealed class IdentityChangesConsumer(SubmitterDirectory submitters) : IConsumer<PersonChanged>, IConsumer<SupportContractChanged>
{
    public Task Consume(ConsumeContext<PersonChanged> context)
    {
        submitters.ForgetPerson(context.Message.PersonId);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<SupportContractChanged> context)
    {
        submitters.ForgetOrganization(context.Message.OrganizationId);
        return Task.CompletedTask;
    }
}
