namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A private RabbitMQ node run directly from the distro's rabbitmq-server (no container),
/// started through <c>rabbitmq-run.sh</c>, which owns the node's private epmd and cleans up.
/// </summary>
public sealed class RabbitMqServerResource(
    string name, string command, string workingDirectory,
    ParameterResource userName, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string AmqpEndpointName = "tcp";
    public const string EpmdEndpointName = "epmd";
    public const string DistEndpointName = "dist";

    private EndpointReference? amqp;

    public ParameterResource UserNameParameter { get; } = userName;
    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference AmqpEndpoint => amqp ??= new(this, AmqpEndpointName);

    // 127.0.0.1, not localhost: the client would otherwise try ::1 first.
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserNameParameter}:{PasswordParameter}@{AmqpEndpoint.Property(EndpointProperty.IPV4Host)}:{AmqpEndpoint.Property(EndpointProperty.Port)}");
}
