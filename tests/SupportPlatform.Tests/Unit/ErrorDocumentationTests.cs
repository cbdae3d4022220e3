using System.Text.RegularExpressions;
using SupportPlatform.Tests.Infrastructure;

namespace SupportPlatform.Tests.Unit;

/// <summary>
/// The contract says what can go wrong: every RPC's comment lists its errors, and every
/// google.rpc.ErrorInfo reason and PreconditionFailure type the code can raise is written in the
/// protos, so an integrator can switch on it.
/// </summary>
public sealed partial class ErrorDocumentationTests
{
    private static readonly string[] ProtoFiles = Directory.GetFiles(Path.Combine(Paths.SolutionDirectory, "protos", "support"), "*.proto", SearchOption.AllDirectories);

    [Fact]
    public void EveryRpc_HasAnErrorsParagraph_InItsComment()
    {
        var undocumented = new List<string>();
        var rpcs = 0;
        foreach (var file in ProtoFiles)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (Rpc().Match(lines[i]) is not { Success: true } rpc)
                {
                    continue;
                }
                rpcs++;
                var comment = lines.Take(i).Reverse().TakeWhile(line => line.TrimStart().StartsWith("//", StringComparison.Ordinal)).ToList();
                if (comment.Count(line => line.TrimStart().StartsWith("// Errors:", StringComparison.Ordinal)) != 1)
                {
                    undocumented.Add($"{Path.GetFileName(file)}: {rpc.Groups[1].Value}");
                }
            }
        }
        Assert.True(rpcs > 100, $"only {rpcs} RPCs found");
        Assert.True(undocumented.Count == 0, "No (or more than one) 'Errors:' paragraph in the comment of: " + string.Join(", ", undocumented));
    }

    [Fact]
    public void EveryReasonAndPreconditionTypeTheCodeRaises_IsWrittenInTheProtos()
    {
        var protos = string.Join('\n', ProtoFiles.Select(File.ReadAllText));
        var raised = Directory.GetFiles(Path.Combine(Paths.SolutionDirectory, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => Raised().Matches(File.ReadAllText(path)).Select(match => (Code: match.Groups["code"].Value, File: Path.GetFileName(path))))
            .Distinct()
            .ToList();
        // The scan must find what we know is there, or it proves nothing.
        Assert.Contains(raised, r => r.Code == "AUTHORISED_SUBMITTER_REQUIRED");
        Assert.Contains(raised, r => r.Code == "STALE_VERSION");
        Assert.Contains(raised, r => r.Code == "RCA_STATE");
        var missing = raised.Where(r => !Regex.IsMatch(protos, $@"\b{r.Code}\b")).Select(r => $"{r.Code} (raised in {r.File})").ToList();
        Assert.True(missing.Count == 0, "Raised by the code but in no proto comment: " + string.Join(", ", missing));
    }

    [GeneratedRegex(@"^\s*rpc (\w+)\(")]
    private static partial Regex Rpc();

    // The first argument of the exceptions the error interceptor maps to ErrorInfo reasons and
    // precondition types, and the reasons it sets itself.
    [GeneratedRegex(@"(?:new (?:PermissionException|AlreadyExistsException|RateLimitedException|PreconditionException|PreconditionViolation)\(\s*""|Reason = "")(?<code>[A-Z][A-Z0-9_]+)""")]
    private static partial Regex Raised();
}
