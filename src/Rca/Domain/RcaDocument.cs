using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using NodaTime;
using SupportPlatform.BuildingBlocks.Domain;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Common.V1;
using SupportPlatform.Rca.V1;

namespace SupportPlatform.Rca.Domain;

/// <summary>
/// An RCA as a document a customer can forward: Markdown in the shape of a blameless postmortem,
/// and HTML rendered from it by Markdig with raw HTML disabled and every link or image that is not
/// http, https or mailto emptied, so nothing an author typed runs in the page (no markup, no
/// <c>javascript:</c> or <c>data:</c> URL). Times are shown in the customer's time zone. Comments
/// and internal notes are not part of it. Pure: no I/O.
/// </summary>
public static partial class RcaDocument
{
    /// <summary>The document in both forms, and a file name for it.</summary>
    public sealed record Rendered(string Markdown, string Html, string FileName);

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    public static Rendered Render(V1.Rca rca, DateTimeZone zone)
    {
        var markdown = Markdown(rca, zone);
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{WebUtility.HtmlEncode("Root cause analysis: " + rca.Title)}</title>
            <style>body{"{"}font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;line-height:1.5{"}"} table{"{"}border-collapse:collapse{"}"} td,th{"{"}border:1px solid #ccc;padding:.25rem .5rem;text-align:left{"}"}</style>
            </head>
            <body>
            {SafeHtml(markdown)}</body>
            </html>
            """;
        var created = rca.CreatedAt.ToDateTimeOffset().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var slug = Slug().Replace(rca.Title.ToLowerInvariant(), "-").Trim('-');
        return new Rendered(markdown, html, $"rca-{created}-{(slug.Length > 60 ? slug[..60].TrimEnd('-') : slug)}.md");
    }

    /// <summary>The Markdown as HTML, links and images only to http, https and mailto addresses.</summary>
    public static string SafeHtml(string markdown)
    {
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().Where(link => !IsSafe(link.Url)))
        {
            link.Url = "";
        }
        foreach (var link in document.Descendants<AutolinkInline>().Where(link => !link.IsEmail && !IsSafe(link.Url)))
        {
            link.Url = "";
        }
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>An http, https or mailto address, or one relative to the page (a path or a fragment).</summary>
    private static bool IsSafe(string? url) =>
        string.IsNullOrEmpty(url) || url[0] == '#' || (url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal))
        || (Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Scheme is "http" or "https" or "mailto" : !url.Contains(':', StringComparison.Ordinal));

    public static string Markdown(V1.Rca rca, DateTimeZone zone)
    {
        var text = new StringBuilder();
        var analysis = rca.Analysis ?? new RcaAnalysis();
        text.AppendLine($"# Root cause analysis: {Inline(rca.Title)}").AppendLine();
        if (rca.State != RcaState.Published)
        {
            text.AppendLine($"> **Draft** ({Words(ProtoEnums.Name(rca.State))}): not published yet.").AppendLine();
        }
        text.AppendLine("| | |").AppendLine("|---|---|");
        text.AppendLine($"| Status | {(rca.PublishedAt is { } published ? "Published " + When(published, zone) : Words(ProtoEnums.Name(rca.State)))} |");
        text.AppendLine($"| Accountable | {Party(rca.Owner)}, reviewed by the {Party(rca.Reviewer).ToLowerInvariant()} |");
        var cause = rca.CauseAttribution == Cases.V1.CauseAttribution.Unspecified ? "Not attributed" : Words(ProtoEnums.Name(rca.CauseAttribution));
        text.AppendLine($"| Cause | {Inline(cause)}{(rca.CauseJustification.Length > 0 ? ": " + Inline(rca.CauseJustification) : "")} |");
        text.AppendLine($"| Incidents | {string.Join(", ", rca.CaseIds)} |");
        text.AppendLine($"| Due | {When(rca.DueAt, zone)} |").AppendLine();

        Section(text, "Summary", analysis.Summary);
        text.AppendLine("## Customer impact").AppendLine();
        if (analysis.Impact is { } impact)
        {
            Paragraph(text, impact.Description);
            if (impact.AffectedUsers > 0)
            {
                text.AppendLine($"- Affected users: {impact.AffectedUsers.ToString("N0", CultureInfo.InvariantCulture)}");
            }
            if (impact.StartedAt is not null)
            {
                text.AppendLine($"- From {When(impact.StartedAt, zone)}{(impact.EndedAt is not null ? $" to {When(impact.EndedAt, zone)} ({Duration(impact.EndedAt.ToDateTimeOffset() - impact.StartedAt.ToDateTimeOffset())})" : ", not ended")}");
            }
            text.AppendLine();
        }
        else
        {
            text.AppendLine("_Not described yet._").AppendLine();
        }
        Section(text, "Detection", analysis.Detection);
        Section(text, "Trigger", analysis.Trigger);

        text.AppendLine("## Timeline").AppendLine();
        text.AppendLine("| When | What |").AppendLine("|---|---|");
        foreach (var entry in rca.Timeline)
        {
            text.AppendLine($"| {When(entry.OccurredAt, zone)} | {Inline(entry.Description)} |");
        }
        text.AppendLine();

        List(text, "Contributing factors", analysis.ContributingFactors, numbered: false);
        List(text, "Five whys", analysis.FiveWhys, numbered: true);
        Section(text, "Root cause", analysis.RootCause);
        Section(text, "Resolution", analysis.Resolution);

        text.AppendLine("## Lessons learned").AppendLine();
        var lessons = analysis.Lessons ?? new Lessons();
        List(text, "What went well", lessons.WentWell, numbered: false, level: 3);
        List(text, "What went wrong", lessons.WentWrong, numbered: false, level: 3);
        List(text, "Where we got lucky", lessons.GotLucky, numbered: false, level: 3);

        text.AppendLine("## Corrective and preventive actions").AppendLine();
        if (rca.Actions.Count == 0)
        {
            Paragraph(text, analysis.NoActionsReason.Length > 0 ? "No actions: " + analysis.NoActionsReason : "_None yet._");
        }
        else
        {
            text.AppendLine("| Type | Action | Owner | Due | Status |").AppendLine("|---|---|---|---|---|");
            foreach (var action in rca.Actions)
            {
                text.AppendLine($"| {Words(ProtoEnums.Name(action.Type))} | {Inline(action.Description)}{(action.CaseId.Length > 0 ? $" (case {action.CaseId})" : "")} | "
                    + $"{Party(action.OwnerParty)} | {When(action.DueAt, zone)} | {Words(ProtoEnums.Name(action.Status))}{(action.Overdue ? ", overdue" : "")} |");
            }
            text.AppendLine();
        }
        return text.ToString();
    }

    private static void Section(StringBuilder text, string heading, string body)
    {
        text.AppendLine($"## {heading}").AppendLine();
        Paragraph(text, body.Length > 0 ? body : "_Not written yet._");
    }

    private static void Paragraph(StringBuilder text, string body)
    {
        if (body.Length > 0)
        {
            text.AppendLine(body.Trim()).AppendLine();
        }
    }

    private static void List(StringBuilder text, string heading, IReadOnlyList<string> items, bool numbered, int level = 2)
    {
        if (items.Count == 0 && numbered)
        {
            return;
        }
        text.AppendLine($"{new string('#', level)} {heading}").AppendLine();
        if (items.Count == 0)
        {
            text.AppendLine("_None._").AppendLine();
            return;
        }
        for (var index = 0; index < items.Count; index++)
        {
            text.AppendLine($"{(numbered ? $"{index + 1}." : "-")} {Inline(items[index])}");
        }
        text.AppendLine();
    }

    private static string When(Timestamp at, DateTimeZone zone) =>
        LocalTimes.Format(Instant.FromDateTimeOffset(at.ToDateTimeOffset()), zone);

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : $"{(int)span.TotalMinutes} min";

    private static string Party(Common.V1.Party party) => party switch
    {
        Common.V1.Party.Vendor => "Vendor",
        Common.V1.Party.Customer => "Customer",
        Common.V1.Party.EndUsers => "End-users",
        _ => "Not set",
    };

    private static string Words(string name) =>
        name.Length == 0 ? "" : char.ToUpperInvariant(name[0]) + name[1..].ToLowerInvariant().Replace('_', ' ');

    /// <summary>Text on one line with Markdown's special characters (a table's cell separator too) escaped: a title, list item or cell reads as typed.</summary>
    private static string Inline(string value) => Special().Replace(value.ReplaceLineEndings(" "), @"\$0");

    [GeneratedRegex(@"[\\`*_{}\[\]<>()#+!|~]")]
    private static partial Regex Special();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex Slug();
}
