using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;

namespace SupportPlatform.Tests.Infrastructure;

/// <summary>
/// The public contracts as the tests read them: every proto file's descriptor, each RPC's HTTP
/// route (google.api.http) and a field's comment in its .proto file.
/// </summary>
public static class Contract
{
    /// <summary>Every proto file of protos/support.</summary>
    public static FileDescriptor[] Files { get; } =
    [
        Identity.V1.IdentityReflection.Descriptor,
        Identity.V1.ResponsibilityReflection.Descriptor,
        Cases.V1.CasesReflection.Descriptor,
        Escalation.V1.EscalationReflection.Descriptor,
        Escalation.V1.OncallReflection.Descriptor,
        Rca.V1.RcaReflection.Descriptor,
        Notification.V1.NotificationReflection.Descriptor,
    ];

    /// <summary>The shared definitions (support.common.v1): enums every service's contract uses; no service.</summary>
    public static FileDescriptor Common { get; } = SupportPlatform.Common.V1.CommonReflection.Descriptor;

    /// <summary>The service that serves a file's RPCs: "support.cases.v1" is served by "cases".</summary>
    public static string ServiceOf(FileDescriptor file) => file.Package.Split('.')[1];

    /// <summary>The RPC's HTTP verb (lower case) and path template; null without a rule.</summary>
    public static (string Verb, string Path)? HttpRoute(MethodDescriptor method)
    {
        var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
        return rule?.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => ("get", rule.Get),
            HttpRule.PatternOneofCase.Post => ("post", rule.Post),
            HttpRule.PatternOneofCase.Put => ("put", rule.Put),
            HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
            HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
            _ => null,
        };
    }

    /// <summary>The comment lines right above a field's declaration in its .proto file, as one line of text.</summary>
    public static string Comment(FieldDescriptor field)
    {
        var lines = File.ReadAllLines(Path.Combine(Paths.SolutionDirectory, "protos", field.File.Name));
        var start = Array.FindIndex(lines, line => line.StartsWith($"message {field.ContainingType.Name} {{", StringComparison.Ordinal));
        var declaration = new Regex($@"^\s*(repeated\s+)?\S+\s+{field.Name}\s*=\s*{field.FieldNumber}\s*(\[[^\]]*\])?;");
        var at = Array.FindIndex(lines, Math.Max(start, 0), line => declaration.IsMatch(line));
        Assert.True(start >= 0 && at > start, $"{field.FullName} not found in {field.File.Name}");
        var comment = new List<string>();
        for (var index = at - 1; index >= 0 && lines[index].TrimStart().StartsWith("//", StringComparison.Ordinal); index--)
        {
            comment.Insert(0, lines[index].Trim().TrimStart('/').Trim());
        }
        return string.Join(' ', comment);
    }
}
