extern alias cases;
extern alias escalation;
extern alias identity;
extern alias notification;
extern alias rca;

using System.Reflection;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.Tests.Infrastructure;

/// <summary>The assemblies tests read by reflection: the building blocks first, then the five services.</summary>
public static class ServiceAssemblies
{
    public static readonly Assembly[] All =
    [
        typeof(Database).Assembly,
        typeof(identity::Program).Assembly,
        typeof(cases::Program).Assembly,
        typeof(escalation::Program).Assembly,
        typeof(rca::Program).Assembly,
        typeof(notification::Program).Assembly,
    ];
}
