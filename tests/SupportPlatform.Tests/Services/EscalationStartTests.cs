using SupportPlatform.Tests.Infrastructure;

namespace SupportPlatform.Tests.Services;

/// <summary>What the escalation service checks before it takes any event.</summary>
[Collection(StackCollection.Name)]
public sealed class EscalationStartTests(StackFixture fixture)
{
    [Fact]
    public void AP1PolicyIdThatNamesNoPolicy_StopsTheServiceAtStart_NamingIt()
    {
        var policyId = Guid.NewGuid();

        var error = Assert.ThrowsAny<Exception>(() => fixture.Stack.StartEscalationReplica(
            new Dictionary<string, string?> { ["OnCall:P1PolicyId"] = policyId.ToString() }));

        var messages = new List<string>();
        for (var exception = error; exception is not null; exception = exception.InnerException)
        {
            messages.Add(exception.Message);
        }
        Assert.Contains(messages, message => message.Contains(
            $"The escalation policy {policyId} for Premium Plus P1 pages (OnCall:P1PolicyId) does not exist.", StringComparison.Ordinal));
    }
}
