using System.Collections;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// The parameters of a <see cref="CachedStatementCommand"/> until it runs, when they are bound on
/// its kept command. A <see cref="SqliteParameterCollection"/> cannot be made on its own, and
/// making a <see cref="SqliteCommand"/> only to hold one cost a finalizable object on every
/// query. Names match as SQLite's collection matches them: exactly.
/// </summary>
internal sealed class CommandParameters : DbParameterCollection
{
    private readonly List<SqliteParameter> items = [];

    public override int Count => items.Count;

    public override object SyncRoot => ((ICollection)items).SyncRoot;

    public override int Add(object value)
    {
        items.Add(Parameter(value));
        return items.Count - 1;
    }

    public override void AddRange(Array values)
    {
        foreach (var value in values)
        {
            Add(value!);
        }
    }

    public override void Clear() => items.Clear();

    public override bool Contains(object value) => value is SqliteParameter parameter && items.Contains(parameter);

    public override bool Contains(string value) => IndexOf(value) >= 0;

    public override void CopyTo(Array array, int index) => ((ICollection)items).CopyTo(array, index);

    public override IEnumerator GetEnumerator() => items.GetEnumerator();

    public override int IndexOf(object value) => value is SqliteParameter parameter ? items.IndexOf(parameter) : -1;

    public override int IndexOf(string parameterName) => items.FindIndex(parameter => parameter.ParameterName == parameterName);

    public override void Insert(int index, object value) => items.Insert(index, Parameter(value));

    public override void Remove(object value) => items.Remove(Parameter(value));

    public override void RemoveAt(int index) => items.RemoveAt(index);

    public override void RemoveAt(string parameterName) => items.RemoveAt(Existing(parameterName));

    protected override DbParameter GetParameter(int index) => items[index];

    protected override DbParameter GetParameter(string parameterName) => items[Existing(parameterName)];

    protected override void SetParameter(int index, DbParameter value) => items[index] = Parameter(value);

    protected override void SetParameter(string parameterName, DbParameter value) => items[Existing(parameterName)] = Parameter(value);

    private int Existing(string parameterName) =>
        IndexOf(parameterName) is var index and >= 0
            ? index
            : throw new IndexOutOfRangeException($"No parameter is named '{parameterName}'.");

    private static SqliteParameter Parameter(object value) =>
        value as SqliteParameter ?? throw new InvalidCastException($"A SQLite command takes SqliteParameter values, not {value?.GetType().Name ?? "null"}.");
}
