using System.Text.Json;
using Google.Protobuf;

namespace SupportPlatform.Escalation.Application;

/// <summary>Lists of proto messages kept as a JSON array of the messages' proto JSON.</summary>
public static class ProtoJson
{
    public static string Serialize<T>(IEnumerable<T> messages) where T : IMessage =>
        "[" + string.Join(",", messages.Select(message => JsonFormatter.Default.Format(message))) + "]";

    public static List<T> Parse<T>(string json) where T : IMessage<T>, new()
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(element => JsonParser.Default.Parse<T>(element.GetRawText()))];
    }
}
