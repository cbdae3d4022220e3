namespace SupportPlatform.Notification.Domain;

/// <summary>
/// Fits an SMS: the rendered text and the link to the case, at most two segments (306
/// characters), the text cut with an ellipsis so the link stays whole. Pure.
/// </summary>
public static class SmsContent
{
    public const int MaxLength = 306;

    public static string Fit(string text, MessageLink? link)
    {
        var suffix = link is null ? "" : " " + link.Url;
        text = string.Join(' ', text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var room = MaxLength - suffix.Length;
        return (text.Length > room ? text[..(room - 1)] + "…" : text) + suffix;
    }
}
