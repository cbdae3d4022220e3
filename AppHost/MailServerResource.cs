namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// smtp4dev (a development SMTP server with a web inbox and a REST API), run as a local .NET tool
/// (<c>dotnet tool run smtp4dev</c>, pinned in <c>.config/dotnet-tools.json</c>). No container.
/// </summary>
public sealed class MailServerResource(string name, string workingDirectory)
    : ExecutableResource(name, "dotnet", workingDirectory), IResourceWithConnectionString
{
    public const string SmtpEndpointName = "smtp";
    public const string InboxEndpointName = "inbox";

    private EndpointReference? smtp;
    private EndpointReference? inbox;

    public EndpointReference SmtpEndpoint => smtp ??= new(this, SmtpEndpointName);
    public EndpointReference InboxEndpoint => inbox ??= new(this, InboxEndpointName);

    // 127.0.0.1, not localhost: a client would otherwise try ::1 first.
    public EndpointReferenceExpression SmtpHost => SmtpEndpoint.Property(EndpointProperty.IPV4Host);
    public EndpointReferenceExpression SmtpPort => SmtpEndpoint.Property(EndpointProperty.Port);

    /// <summary><c>smtp://127.0.0.1:PORT</c> (ConnectionStrings__{name} for WithReference).</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"smtp://{SmtpHost}:{SmtpPort}");
}
