using Microsoft.Data.Sqlite;

namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// One SQL text's command on a kept-open connection (<see cref="CachedStatementConnection"/>),
/// with what its result's columns are, learnt from the first reader that asks: each column's name,
/// and the type a NULL in it reads as on the first row (from its declared type). Dapper asks every column's name
/// and type on every query to find its deserializer, and Microsoft.Data.Sqlite answers each from
/// SQLite again (a name as a new string, a NULL's type by parsing the declared type), which cost
/// about a fifth of a GetCase. Neither changes while the statement stays the same; a result with
/// another number of columns (the schema changed under it) starts afresh.
/// </summary>
internal sealed class KeptStatement(SqliteCommand command)
{
    private string?[] names = [];
    private Type?[] nullTypes = [];

    public SqliteCommand Command => command;

    /// <summary>The name of a column of the statement's (first) result.</summary>
    public string NameOf(SqliteDataReader reader, int ordinal) =>
        Columns(reader).names[ordinal] ??= reader.GetName(ordinal);

    /// <summary>The type a NULL in the column reads as on a result's first row; the reader must be on such a row.</summary>
    public Type NullTypeOf(SqliteDataReader reader, int ordinal) =>
        Columns(reader).nullTypes[ordinal] ??= reader.GetFieldType(ordinal);

    private KeptStatement Columns(SqliteDataReader reader)
    {
        if (names.Length != reader.FieldCount)
        {
            names = new string?[reader.FieldCount];
            nullTypes = new Type?[reader.FieldCount];
        }
        return this;
    }
}
