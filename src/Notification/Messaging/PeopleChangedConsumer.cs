using MassTransit;
using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Notification.Channels;

namespace SupportPlatform.Notification.Messaging;

/// <summary>
/// Drops what is cached of a person who changed: the matrix answers of their organisation (they
/// carry the people to contact: who is an active L1 agent, their e-mail and phone) and the
/// person's own address for deliveries.
/// </summary>
public sealed class PeopleChangedConsumer(ResponsibilityDirectory directory, PersonDirectory people) : IConsumer<PersonChanged>
{
    public async Task Consume(ConsumeContext<PersonChanged> context)
    {
        await directory.InvalidateAsync(context.Message.OrganizationId);
        await people.ForgetAsync(context.Message.PersonId);
    }
}
