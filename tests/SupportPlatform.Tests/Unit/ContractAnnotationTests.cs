using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;
using SupportPlatform.Cases.V1;
using SupportPlatform.Tests.Infrastructure;

namespace SupportPlatform.Tests.Unit;

/// <summary>The contracts' annotations agree with each other (google.api.http, field_behavior).</summary>
public sealed partial class ContractAnnotationTests
{
    [Fact]
    public void EveryFieldInAnHttpPath_IsMarkedRequired_AndNoFieldIsBothRequiredAndOutputOnly()
    {
        var problems = new List<string>();
        foreach (var method in Contract.Files.SelectMany(file => file.Services).SelectMany(service => service.Methods))
        {
            var path = Contract.HttpRoute(method)?.Path ?? "";
            foreach (var variable in PathVariable().Matches(path).Select(match => match.Groups[1].Value))
            {
                var field = method.InputType.FindFieldByName(variable.Split('.')[0]);
                if (field is null)
                {
                    problems.Add($"{method.FullName}: {path} names {variable}, which {method.InputType.Name} lacks");
                }
                else if (!variable.Contains('.') && !Behaviors(field).Contains(FieldBehavior.Required))
                {
                    problems.Add($"{method.FullName}: {variable} is in the path but not marked REQUIRED");
                }
            }
        }
        foreach (var message in Contract.Files.SelectMany(file => file.MessageTypes))
        {
            foreach (var field in message.Fields.InDeclarationOrder())
            {
                var behaviors = Behaviors(field);
                if (behaviors.Contains(FieldBehavior.Required) && behaviors.Contains(FieldBehavior.OutputOnly))
                {
                    problems.Add($"{field.FullName} is both REQUIRED and OUTPUT_ONLY");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        // The scan found the marks it checks.
        Assert.Contains(FieldBehavior.Required, Behaviors(GetCaseRequest.Descriptor.FindFieldByName("case_id")));
        Assert.Contains(FieldBehavior.OutputOnly, Behaviors(SupportPlatform.Cases.V1.Case.Descriptor.FindFieldByName("created_at")));
    }

    [Fact]
    public void EachConcept_IsDefinedOnce_AndAClosedSetIsAnEnumOnTheWire()
    {
        var files = Contract.Files.Append(Contract.Common).ToList();
        var enums = files.SelectMany(file => file.EnumTypes.Concat(AllMessages(file).SelectMany(message => message.EnumTypes))).ToList();

        // Two enums whose values are the same names (after their prefixes) are one concept spelt twice.
        static string Values(EnumDescriptor type)
        {
            var prefix = type.Values.Single(value => value.Number == 0).Name.Replace("UNSPECIFIED", "", StringComparison.Ordinal);
            return string.Join(",", type.Values.Where(value => value.Number != 0).Select(value => value.Name.Replace(prefix, "", StringComparison.Ordinal)).Order());
        }
        var twice = enums.GroupBy(Values).Where(group => group.Count() > 1).Select(group => string.Join(" = ", group.Select(type => type.FullName))).ToList();
        Assert.True(twice.Count == 0, "defined more than once: " + string.Join("; ", twice));

        // The shared concepts are used from support.common.v1 wherever they appear.
        string[] shared = ["Party", "SupportPlan", "Deployment", "Priority", "SupportTier", "Weekday", "Urgency"];
        Assert.Equal(shared.Order(), Contract.Common.EnumTypes.Select(type => type.Name).Order());
        var fields = files.SelectMany(AllMessages).SelectMany(message => message.Fields.InDeclarationOrder()).ToList();
        Assert.Contains(fields, field => field.FullName == "support.cases.v1.Case.plan" && field.EnumType?.FullName == "support.common.v1.SupportPlan");

        // A field named after a closed set is never a string (the names an integrator stumbled over).
        var closedSetNames = new Regex("^(plan|priority|deployment|party|actor_party|roles?|functional_level|from_level|to_level|tier|urgency)$");
        var strings = fields.Where(field => closedSetNames.IsMatch(field.Name) && field.FieldType == FieldType.String).Select(field => field.FullName).ToList();
        Assert.True(strings.Count == 0, "closed sets carried as strings: " + string.Join(", ", strings));
    }

    private static IEnumerable<MessageDescriptor> AllMessages(FileDescriptor file) =>
        file.MessageTypes.SelectMany(Nested);

    private static IEnumerable<MessageDescriptor> Nested(MessageDescriptor message) =>
        message.NestedTypes.SelectMany(Nested).Prepend(message);

    [Fact]
    public void EveryPagedList_FollowsTheOnePagingConvention()
    {
        var problems = new List<string>();
        var paged = 0;
        foreach (var method in Contract.Files.SelectMany(file => file.Services).SelectMany(service => service.Methods))
        {
            if (method.InputType.FindFieldByName("page_size") is not { } size)
            {
                continue;
            }
            paged++;
            if (size.FieldType != FieldType.Int32)
            {
                problems.Add($"{method.FullName}: page_size is not int32");
            }
            if (method.InputType.FindFieldByName("page_token") is not { FieldType: FieldType.String })
            {
                problems.Add($"{method.FullName}: page_size without a string page_token");
            }
            if (method.OutputType.FindFieldByName("next_page_token") is not { FieldType: FieldType.String })
            {
                problems.Add($"{method.FullName}: {method.OutputType.Name} has no string next_page_token");
            }
            if (!Regex.IsMatch(Contract.Comment(size), @"1-100.*(0 means 50|default 50)"))
            {
                problems.Add($"{method.FullName}: page_size's comment does not state the bounds 1-100 and the default 50");
            }
        }
        Assert.True(paged >= 8, $"only {paged} paged lists found");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static IReadOnlyCollection<FieldBehavior> Behaviors(FieldDescriptor field) =>
        field.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior) ?? [];

    [GeneratedRegex(@"\{([^}=]+)\}")]
    private static partial Regex PathVariable();
}
