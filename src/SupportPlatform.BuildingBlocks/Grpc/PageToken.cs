using System.Text;

namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>
/// Keyset paging over a descending sequence column: the token is the opaque encoding of the last
/// sequence number returned, so rows inserted between pages cause neither duplicates nor gaps.
/// </summary>
public static class PageToken
{
    public const int DefaultSize = 50;
    public const int MaxSize = 100;
    private const string Prefix = "seq:";

    public readonly record struct Page(int Size, long Before);

    /// <summary>Reads page_size and page_token, adding violations for bad ones.</summary>
    public static Page Read(int pageSize, string? token, Violations violations)
    {
        violations.Require(pageSize is >= 0 and <= MaxSize, "page_size", $"must be 0-{MaxSize}");
        var before = long.MaxValue;
        if (!string.IsNullOrEmpty(token))
        {
            try
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
                if (!text.StartsWith(Prefix, StringComparison.Ordinal) || !long.TryParse(text[Prefix.Length..], out before))
                {
                    throw new FormatException();
                }
            }
            catch (FormatException)
            {
                violations.Add("page_token", "is not a token this service issued");
            }
        }
        return new Page(pageSize == 0 ? DefaultSize : Math.Min(pageSize, MaxSize), before);
    }

    public static string Write(long lastSeq) => Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + lastSeq));

    private const string KeyPrefix = "key:";

    /// <summary>Paging ascending on a unique text key: the token is the last key returned ("" before the first page).</summary>
    public static (int Size, string After) ReadKeyed(int pageSize, string? token, Violations violations)
    {
        violations.Require(pageSize is >= 0 and <= MaxSize, "page_size", $"must be 0-{MaxSize}");
        var after = "";
        if (!string.IsNullOrEmpty(token))
        {
            try
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
                after = text.StartsWith(KeyPrefix, StringComparison.Ordinal) ? text[KeyPrefix.Length..] : throw new FormatException();
            }
            catch (FormatException)
            {
                violations.Add("page_token", "is not a token this service issued");
            }
        }
        return (pageSize == 0 ? DefaultSize : Math.Min(pageSize, MaxSize), after);
    }

    public static string WriteKeyed(string lastKey) => Convert.ToBase64String(Encoding.UTF8.GetBytes(KeyPrefix + lastKey));
}
