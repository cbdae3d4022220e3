using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

public static class MailServerBuilderExtensions
{
    /// <summary>
    /// Adds smtp4dev as <paramref name="name"/>: an SMTP endpoint ("smtp") and the web inbox with its
    /// REST API ("inbox", e.g. GET /api/messages). Both endpoints are proxied by DCP: the public ports
    /// are 2525 and 5180 in development (override with {name}:SmtpPort / {name}:InboxPort) and random
    /// under Aspire.Hosting.Testing (DcpPublisher:RandomizePorts); smtp4dev itself listens on target
    /// ports DCP allocates, handed over on its command line. Messages live in memory only.
    /// </summary>
    public static IResourceBuilder<MailServerResource> AddMailServer(
        this IDistributedApplicationBuilder builder, string name)
    {
        var config = builder.Configuration;
        var smtpPort = config.GetValue<int?>($"{name}:SmtpPort") ?? 2525;
        var inboxPort = config.GetValue<int?>($"{name}:InboxPort") ?? 5180;

        // The tool manifest (.config/dotnet-tools.json) is found from the working directory upwards.
        var repoRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        RestoreLocalTools(repoRoot);

        // smtp4dev keeps its user settings (and would keep a database) under this folder: never the repo.
        var appData = Path.Combine(Path.GetTempPath(), $"smtp4dev-{name}");

        var resource = new MailServerResource(name, repoRoot);
        return builder.AddResource(resource)
            .WithEndpoint(name: MailServerResource.SmtpEndpointName, port: smtpPort, scheme: "smtp", isProxied: true)
            .WithHttpEndpoint(name: MailServerResource.InboxEndpointName, port: inboxPort, isProxied: true)
            .WithArgs(context =>
            {
                context.Args.Add("tool");
                context.Args.Add("run");
                context.Args.Add("smtp4dev");
                context.Args.Add("--");
                context.Args.Add(ReferenceExpression.Create(
                    $"--smtpport={resource.SmtpEndpoint.Property(EndpointProperty.TargetPort)}"));
                context.Args.Add(ReferenceExpression.Create(
                    $"--urls=http://127.0.0.1:{resource.InboxEndpoint.Property(EndpointProperty.TargetPort)}"));
                context.Args.Add("--bindaddress=127.0.0.1");
                context.Args.Add("--db=");         // empty: in-memory database
                context.Args.Add("--imapport=");   // empty disables IMAP (0 would pick a random port!)
                context.Args.Add("--pop3port=");   // likewise POP3
                context.Args.Add("--nousersettings");
                context.Args.Add($"--baseappdatapath={appData}");
            })
            // The AppHost's own environment reaches every resource; smtp4dev is not ours to develop.
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
            .WithEnvironment("DOTNET_ENVIRONMENT", "Production")
            .WithUrlForEndpoint(MailServerResource.InboxEndpointName, url => url.DisplayText = "Inbox")
            .WithUrlForEndpoint(MailServerResource.SmtpEndpointName, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly)
            .WithHttpHealthCheck("/api/messages?pageSize=1", endpointName: MailServerResource.InboxEndpointName)
            .WithIconName("Mail");
    }

    /// <summary>
    /// Gives a service the mail server's SMTP host and port (Notification__Email__Host/Port, plain
    /// SMTP: smtp4dev's STARTTLS certificate is self-signed) and shows the relationship on the
    /// dashboard.
    /// </summary>
    public static IResourceBuilder<T> WithMailServer<T>(this IResourceBuilder<T> service,
        IResourceBuilder<MailServerResource> mail, string section = "Notification__Email")
        where T : IResourceWithEnvironment
    {
        return service
            .WithEnvironment($"{section}__Host", mail.Resource.SmtpHost)
            .WithEnvironment($"{section}__Port", mail.Resource.SmtpPort)
            .WithEnvironment($"{section}__Security", "None")
            .WithReferenceRelationship(mail);
    }

    private static void RestoreLocalTools(string repoRoot)
    {
        using var p = Process.Start(new ProcessStartInfo("dotnet", "tool restore")
        {
            WorkingDirectory = repoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new DistributedApplicationException("Could not start 'dotnet tool restore'.");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)) || p.ExitCode != 0)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new DistributedApplicationException(
                $"'dotnet tool restore' failed in {repoRoot} (smtp4dev, see .config/dotnet-tools.json): {stderr.Result}{stdout.Result}");
        }
    }
}
