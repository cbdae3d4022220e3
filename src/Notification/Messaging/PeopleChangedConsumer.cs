using MassTransit;
using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.Contracts.Events;

namespace SupportPlatform.Notification.Messaging;

/// <summary>
/// Drops the cached matrix answers of an organisation one of whose people changed: the answers
/// carry the people to contact (who is an active L1 agent, their e-mail and phone).
/// </summary>
public sealed class PeopleChangedConsumer(ResponsibilityDirectory directory) : IConsumer<PersonChanged>
{
    public Task Consume(ConsumeContext<PersonChanged> context) => directory.InvalidateAsync(context.Message.OrganizationId).AsTask();
}
