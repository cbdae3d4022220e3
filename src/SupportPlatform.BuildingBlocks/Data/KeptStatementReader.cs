using System.Collections;
using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// The reader of a <see cref="CachedStatementCommand"/>: Microsoft.Data.Sqlite's own, except that
/// the column names of the first result, and the type of a NULL on its first row, are answered
/// from the <see cref="KeptStatement"/>'s memory. A column's type on a row where it holds a value
/// is always asked of SQLite (values may differ in type from row to row), and so is a NULL's
/// after the first row: Microsoft.Data.Sqlite then answers the type of the column's value on an
/// earlier row of the same reader, where the column has no declared type.
/// </summary>
internal sealed class KeptStatementReader(SqliteDataReader inner, KeptStatement statement) : DbDataReader
{
    private int row;
    private bool firstResult = true;

    public override int Depth => inner.Depth;

    public override int FieldCount => inner.FieldCount;

    public override bool HasRows => inner.HasRows;

    public override bool IsClosed => inner.IsClosed;

    public override int RecordsAffected => inner.RecordsAffected;

    public override object this[int ordinal] => inner[ordinal];

    public override object this[string name] => inner[name];

    public override string GetName(int ordinal) => firstResult ? statement.NameOf(inner, ordinal) : inner.GetName(ordinal);

    public override Type GetFieldType(int ordinal) =>
        firstResult && row == 1 && inner.IsDBNull(ordinal) ? statement.NullTypeOf(inner, ordinal) : inner.GetFieldType(ordinal);

    public override bool Read()
    {
        var read = inner.Read();
        row = read ? row + 1 : 0;
        return read;
    }

    public override bool NextResult()
    {
        row = 0;
        firstResult = false;
        return inner.NextResult();
    }

    public override void Close() => inner.Close();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);

    public override int GetOrdinal(string name) => inner.GetOrdinal(name);

    public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);

    public override object GetValue(int ordinal) => inner.GetValue(ordinal);

    public override int GetValues(object[] values) => inner.GetValues(values);

    public override T GetFieldValue<T>(int ordinal) => inner.GetFieldValue<T>(ordinal);

    public override bool GetBoolean(int ordinal) => inner.GetBoolean(ordinal);

    public override byte GetByte(int ordinal) => inner.GetByte(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);

    public override char GetChar(int ordinal) => inner.GetChar(ordinal);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);

    public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal);

    public override decimal GetDecimal(int ordinal) => inner.GetDecimal(ordinal);

    public override double GetDouble(int ordinal) => inner.GetDouble(ordinal);

    public override float GetFloat(int ordinal) => inner.GetFloat(ordinal);

    public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);

    public override short GetInt16(int ordinal) => inner.GetInt16(ordinal);

    public override int GetInt32(int ordinal) => inner.GetInt32(ordinal);

    public override long GetInt64(int ordinal) => inner.GetInt64(ordinal);

    public override string GetString(int ordinal) => inner.GetString(ordinal);

    public override Stream GetStream(int ordinal) => inner.GetStream(ordinal);

    public override TextReader GetTextReader(int ordinal) => inner.GetTextReader(ordinal);

    public override DataTable? GetSchemaTable() => inner.GetSchemaTable();

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);
}
