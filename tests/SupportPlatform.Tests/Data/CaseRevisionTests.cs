extern alias cases;

using System.Reflection;
using System.Text.RegularExpressions;
using CaseSql = cases::SupportPlatform.Cases.Data.CaseSql;

namespace SupportPlatform.Tests.Data;

/// <summary>
/// GetCase serves a case kept in memory while its row keeps the revision it was read at, so every
/// statement that updates a case must add one to it; one that did not would leave readers the old case.
/// </summary>
public sealed partial class CaseRevisionTests
{
    [Fact]
    public void EveryUpdateOfACase_AddsOneToItsRevision()
    {
        var updates = typeof(CaseSql).Assembly.GetTypes()
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (Name: $"{field.DeclaringType!.Name}.{field.Name}", Sql: (string)field.GetRawConstantValue()!))
            .Where(constant => UpdateOfCases().IsMatch(constant.Sql))
            .ToList();

        Assert.Contains(updates, update => update.Name == "CaseSql.UpdateSql");
        Assert.Contains(updates, update => update.Name == "CaseSql.UpdateEscalationSql");
        Assert.All(updates, update => Assert.True(update.Sql.Contains("revision = revision + 1", StringComparison.Ordinal), $"{update.Name} leaves the revision alone"));
    }

    [GeneratedRegex(@"\bUPDATE\s+cases\b", RegexOptions.IgnoreCase)]
    private static partial Regex UpdateOfCases();
}
