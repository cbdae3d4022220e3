using System.Reflection;
using System.Reflection.Emit;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.Tests.Unit;

/// <summary>
/// <c>Domain/</c> holds pure rules only. Every type in a <c>*.Domain</c> namespace is read by
/// reflection — its signatures and the IL of its method bodies (lambdas and async state machines
/// included) — and may not reach the database, another service, the broker or the host.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly[] Assemblies = Infrastructure.ServiceAssemblies.All;

    /// <summary>Namespaces whose types do I/O (or are the service's own I/O layers).</summary>
    private static readonly string[] ForbiddenNamespaces =
    [
        "Dapper", "System.Data", "Microsoft.Data", "Grpc.Core", "Grpc.Net", "MassTransit", "RabbitMQ", "System.Net.Http",
        "Microsoft.Extensions.Hosting", "Microsoft.AspNetCore",
        "SupportPlatform.BuildingBlocks.Data", "SupportPlatform.BuildingBlocks.Messaging",
    ];

    /// <summary>
    /// A service's folders around its domain, the same names in every service: the domain never
    /// depends on them. (The building blocks' Grpc namespace holds the pure domain errors.)
    /// </summary>
    private static readonly string[] OuterLayers = [".Application", ".Data", ".Grpc", ".Messaging"];

    /// <summary>Building blocks that call another service, named because their namespaces also hold pure types.</summary>
    private static readonly string[] ForbiddenTypes =
    [
        "SupportPlatform.BuildingBlocks.Responsibility.ResponsibilityDirectory",
        "SupportPlatform.BuildingBlocks.Security.ServiceToken",
        "SupportPlatform.BuildingBlocks.Security.RemoteJwksSource",
    ];

    public static TheoryData<string> DomainTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in Assemblies.SelectMany(a => a.GetTypes()).Where(IsDomain).Where(t => !t.IsNested))
        {
            data.Add(type.AssemblyQualifiedName!);
        }
        return data;
    }

    [Fact]
    public void EveryService_HasADomain()
    {
        foreach (var assembly in Assemblies.Skip(1))
        {
            Assert.Contains(assembly.GetTypes(), IsDomain);
        }
    }

    [Theory]
    [MemberData(nameof(DomainTypes))]
    public void DomainType_DependsOnNoIo(string typeName)
    {
        var type = Type.GetType(typeName, throwOnError: true)!;
        var offending = Nested(type).SelectMany(References).Where(Forbidden).Select(t => t.FullName ?? t.Name).Distinct().Order().ToList();
        Assert.True(offending.Count == 0, $"{type.FullName} is in a Domain namespace but depends on: {string.Join(", ", offending)}");
    }

    [Fact]
    public void TheCheck_FindsIoInAMethodBody()
    {
        // A guard against a check that cannot fail: a type known to query the database is caught.
        Assert.Contains(References(typeof(Migrator)), Forbidden);
    }

    /// <summary>
    /// Every public type of ours in a file named after it somewhere under its project — the
    /// integration events included; only the classes generated from the protos (namespaces
    /// <c>*.V1</c>) are exempt.
    /// </summary>
    [Fact]
    public void EveryPublicType_IsInAFileNamedAfterIt()
    {
        var missing = new List<string>();
        foreach (var assembly in Assemblies.Append(typeof(SupportPlatform.Contracts.Events.CaseSubmitted).Assembly))
        {
            var files = Directory.EnumerateFiles(ProjectDirectory(assembly), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
                .Select(Path.GetFileNameWithoutExtension).ToHashSet();
            foreach (var type in assembly.GetExportedTypes().Where(t => !t.IsNested && t.Namespace?.StartsWith("SupportPlatform.", StringComparison.Ordinal) == true
                && !t.Namespace.EndsWith(".V1", StringComparison.Ordinal)))
            {
                var name = type.Name.Split('`')[0];
                if (!files.Contains(name))
                {
                    missing.Add($"{assembly.GetName().Name}: {type.FullName}");
                }
            }
        }
        Assert.True(missing.Count == 0, "Public types without a file of their own:\n" + string.Join("\n", missing));
    }

    /// <summary>A comment that cites a document cites one in this repository (docs/…), never one outside it.</summary>
    [Fact]
    public void CodeComments_CiteOnlyDocumentsInTheRepository()
    {
        var root = Infrastructure.Paths.SolutionDirectory;
        var problems = new List<string>();
        var sources = new[] { "src", "AppHost", "ServiceDefaults", "protos", "tests", "bench" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.*", SearchOption.AllDirectories))
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".proto", StringComparison.Ordinal))
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));
        foreach (var file in sources.Where(f => !f.EndsWith(nameof(ArchitectureTests) + ".cs", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (var outside in new[] { "DESIGN.md", "STYLE.md", "ENVIRONMENT.md", "../shared" })
            {
                if (text.Contains(outside, StringComparison.Ordinal))
                {
                    problems.Add($"{Path.GetRelativePath(root, file)} cites {outside}, which is not in the repository");
                }
            }
            foreach (var cited in System.Text.RegularExpressions.Regex.Matches(text, @"\bdocs/[A-Za-z0-9_.-]+").Select(m => m.Value.TrimEnd('.')))
            {
                if (!File.Exists(Path.Combine(root, cited)) && !Directory.Exists(Path.Combine(root, cited)))
                {
                    problems.Add($"{Path.GetRelativePath(root, file)} cites {cited}, which does not exist");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string ProjectDirectory(Assembly assembly)
    {
        // Building blocks and contracts keep their full name as folder (src/SupportPlatform.Contracts);
        // a service drops the prefix (src/Cases).
        var name = assembly.GetName().Name!;
        var full = Path.Combine(Infrastructure.Paths.SolutionDirectory, "src", name);
        return Directory.Exists(full) ? full : Path.Combine(Infrastructure.Paths.SolutionDirectory, "src", name["SupportPlatform.".Length..]);
    }

    private static bool IsDomain(Type type) => type.Namespace?.EndsWith(".Domain", StringComparison.Ordinal) == true;

    private static bool Forbidden(Type type)
    {
        var ns = type.Namespace ?? "";
        return ForbiddenNamespaces.Any(f => ns == f || ns.StartsWith(f + ".", StringComparison.Ordinal))
            || (ns.StartsWith("SupportPlatform.", StringComparison.Ordinal) && !ns.StartsWith("SupportPlatform.BuildingBlocks", StringComparison.Ordinal)
                && OuterLayers.Any(layer => ns.EndsWith(layer, StringComparison.Ordinal)))
            || ForbiddenTypes.Contains(type.FullName)
            || typeof(ClientBase).IsAssignableFrom(type)
            || typeof(IHostedService).IsAssignableFrom(type);
    }

    private static IEnumerable<Type> Nested(Type type) =>
        new[] { type }.Concat(type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(Nested));

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> References(Type type)
    {
        var direct = new List<Type?> { type.BaseType };
        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetFields(Everything).Select(f => f.FieldType));
        direct.AddRange(type.GetProperties(Everything).Select(p => p.PropertyType));
        var bodies = type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)).ToList();
        foreach (var method in bodies)
        {
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                direct.Add(info.ReturnType);
            }
            direct.AddRange(BodyReferences(method));
        }
        return direct.OfType<Type>().SelectMany(Expand);
    }

    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType)
        {
            return Expand(type.GetElementType()!);
        }
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            return new[] { type.GetGenericTypeDefinition() }.Concat(type.GetGenericArguments().SelectMany(Expand));
        }
        return type.IsGenericParameter ? [] : [type];
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(op => op.Value);

    /// <summary>The types, methods and fields a method body's IL refers to.</summary>
    private static IEnumerable<Type?> BodyReferences(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }
        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var position = 0; position < il.Length;)
        {
            short value = il[position++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[position++]);
            }
            var op = OpCodesByValue[value];
            var size = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, position),
                _ => 4,
            };
            if (op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                MemberInfo? member = null;
                try
                {
                    member = method.Module.ResolveMember(BitConverter.ToInt32(il, position), typeArguments, methodArguments);
                }
                catch (ArgumentException)
                {
                    // A token this context cannot resolve (rare generic cases): nothing to learn from it.
                }
                switch (member)
                {
                    case Type referenced:
                        yield return referenced;
                        break;
                    case MethodBase called:
                        yield return called.DeclaringType;
                        foreach (var parameter in called.GetParameters())
                        {
                            yield return parameter.ParameterType;
                        }
                        break;
                    case FieldInfo field:
                        yield return field.DeclaringType;
                        yield return field.FieldType;
                        break;
                }
            }
            position += size;
        }
    }
}
