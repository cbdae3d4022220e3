namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>The database engines a service can run on.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded SQLite file: the default for development and single-node use.</summary>
    Sqlite,

    /// <summary>SQL Server through Microsoft.Data.SqlClient: production.</summary>
    SqlServer,
}
