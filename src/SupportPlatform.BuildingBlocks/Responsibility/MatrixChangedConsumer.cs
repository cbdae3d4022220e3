using MassTransit;
using SupportPlatform.Contracts.Events;

namespace SupportPlatform.BuildingBlocks.Responsibility;

/// <summary>Drops cached matrix answers of an organisation whose matrix changed.</summary>
public sealed class MatrixChangedConsumer(ResponsibilityDirectory directory) : IConsumer<ResponsibilityMatrixChanged>
{
    public Task Consume(ConsumeContext<ResponsibilityMatrixChanged> context) =>
        directory.InvalidateAsync(context.Message.OrganizationId).AsTask();
}
