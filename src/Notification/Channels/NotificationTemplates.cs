using System.Collections.Frozen;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Channels;

/// <summary>
/// The Liquid templates (Fluid) of e-mails and text messages, embedded in the service from
/// <c>Templates/</c>: <c>{EventType}.{part}.liquid</c> where an event has its own, else
/// <c>default.{part}.liquid</c>; the parts are <c>email.subject</c>, <c>email.text</c>,
/// <c>email.html</c> and <c>sms</c>, and the digest's <c>digest.email.*</c>. Every template is
/// parsed once, when the service starts: one that does not parse stops it. A template reads a
/// <see cref="MessageView"/> (or a <see cref="DigestView"/>) in snake case: <c>{{ recipient_name }}</c>,
/// <c>{{ due.local }}</c>. HTML parts are HTML-encoded; text parts are not.
/// </summary>
public sealed class NotificationTemplates
{
    public const string EmailSubject = "email.subject";
    public const string EmailText = "email.text";
    public const string EmailHtml = "email.html";
    public const string Sms = "sms";
    private const string Digest = "digest";

    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new TemplateOptionsBuilder().WithModelNamesComparer(StringComparers.SnakeCase).Build();
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly FrozenDictionary<string, IFluidTemplate> templates;

    public NotificationTemplates()
    {
        var assembly = typeof(NotificationTemplates).Assembly;
        Dictionary<string, IFluidTemplate> parsed = [];
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            var source = reader.ReadToEnd();
            if (!Parser.TryParse(source, out var template, out var error))
            {
                throw new InvalidOperationException($"The notification template {resource} does not parse: {error}");
            }
            parsed[resource[Prefix.Length..^".liquid".Length]] = template;
        }
        templates = parsed.ToFrozenDictionary();
    }

    /// <summary>The resource name prefix of the templates (see the project file).</summary>
    public const string Prefix = "templates/";

    /// <summary>The names of the templates, e.g. "default.email.text" or "CaseResolved.email.html".</summary>
    public IEnumerable<string> Names => templates.Keys;

    /// <summary>An e-mail: subject, plain text and HTML.</summary>
    public (string Subject, string Text, string Html) Email(MessageView message) =>
        (OneLine(Render(message.EventType, EmailSubject, message, null)), Render(message.EventType, EmailText, message, null),
            Render(message.EventType, EmailHtml, message, Html));

    /// <summary>A text message's text, before it is fitted (<see cref="SmsContent.Fit"/>).</summary>
    public string TextMessage(MessageView message) => Render(message.EventType, Sms, message, null);

    /// <summary>A digest e-mail: subject, plain text and HTML.</summary>
    public (string Subject, string Text, string Html) DigestEmail(DigestView digest) =>
        (OneLine(Render(Digest, EmailSubject, digest, null)), Render(Digest, EmailText, digest, null), Render(Digest, EmailHtml, digest, Html));

    private string Render(string eventType, string part, object model, TextEncoder? encoder)
    {
        var template = templates.GetValueOrDefault($"{eventType}.{part}") ?? templates[$"default.{part}"];
        var context = new TemplateContext(model, Options);
        return encoder is null ? template.Render(context) : template.Render(context, encoder);
    }

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
