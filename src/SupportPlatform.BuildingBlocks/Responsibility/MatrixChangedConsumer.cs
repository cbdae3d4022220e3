using MassTransit;
using Microsoft.Extensions.Logging;
using SupportPlatform.Contracts.Events;

namespace SupportPlatform.BuildingBlocks.Responsibility;

/// <summary>
/// Drops cached matrix answers of an organisation whose matrix changed, and says so in the
/// replica's log (each replica hears the event: the dashboard shows it on every one).
/// </summary>
public sealed class MatrixChangedConsumer(ResponsibilityDirectory directory, ILogger<MatrixChangedConsumer> logger) : IConsumer<ResponsibilityMatrixChanged>
{
    public async Task Consume(ConsumeContext<ResponsibilityMatrixChanged> context)
    {
        var change = context.Message;
        await directory.InvalidateAsync(change.OrganizationId);
        logger.LogInformation("Responsibility matrix of organisation {OrganizationId} changed (version {Version}, task {TaskId}): its cached answers were dropped",
            change.OrganizationId, change.Version, change.TaskId);
    }
}
