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
    /// <summary>The prefixes SQLite's parameter names take.</summary>
    private const string Prefixes = "@$:";

    private string?[] names = [];
    private Type?[] nullTypes = [];
    private (string Given, string Binding)[] parameterNames = [];

    public SqliteCommand Command => command;

    /// <summary>
    /// The name to bind the statement's parameter at <paramref name="index"/> by, given the name
    /// Dapper gave it. Dapper names parameters without SQLite's prefix, and Microsoft.Data.Sqlite
    /// looks such a name up in the statement four times — as given, then with '@', '$' and ':',
    /// to find it and to rule out a second — each a UTF-8 copy and a scan of the statement's
    /// names: a few per cent of each service's CPU. Named as the text names it, once. A name the
    /// text does not contain stays as given.
    /// </summary>
    public string BindingName(int index, string given)
    {
        if (index >= parameterNames.Length)
        {
            Array.Resize(ref parameterNames, Math.Max(index + 1, parameterNames.Length * 2));
        }
        ref var known = ref parameterNames[index];
        if (!string.Equals(known.Given, given, StringComparison.Ordinal))
        {
            known = (given, AsWritten(command.CommandText, given));
        }
        return known.Binding;
    }

    /// <summary>The parameter as the text writes it: with the first prefix that is followed by exactly the name.</summary>
    private static string AsWritten(string text, string name)
    {
        if (name.Length == 0 || Prefixes.Contains(name[0]))
        {
            return name;
        }
        foreach (var prefix in Prefixes)
        {
            for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
            {
                var end = at + name.Length;
                if (at > 0 && text[at - 1] == prefix && (end == text.Length || !(char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_')))
                {
                    return prefix + name;
                }
            }
        }
        return name;
    }

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
