namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// Marks a class whose SQL texts are for SQLite only; the T-SQL parse test skips its constants
/// and checks everything else.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SqliteOnlyAttribute : Attribute;
