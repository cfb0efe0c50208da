using System.Text.RegularExpressions;

namespace BizOSaaS.Directory.Search;

/// <summary>
/// Words that say where rather than what ("pizza near me", "cafe nearby", typed "neer" too): they are taken out of the text
/// searched, since no listing is described by them; the place itself comes from the query's coordinates.
/// </summary>
public static partial class PlaceWords
{
    private static readonly string[] Near = ["near", "nearby", "around"];

    /// <summary>The text without its place words (null when nothing else is left), and whether it had any.</summary>
    public static (string? Text, bool HadPlaceWords) Remove(string? text)
    {
        if (text.Trimmed() is not { } trimmed)
        {
            return (null, false);
        }
        var had = false;
        var rest = Word().Replace(trimmed, match =>
        {
            var word = match.Value.ToLowerInvariant();
            if (word == "me" || Near.Any(n => word == n || (word.Length >= 4 && Edits.AtMostOne(word, n))))
            {
                had = true;
                return " ";
            }
            return match.Value;
        });
        return (Spaces().Replace(rest, " ").Trim() is { Length: > 0 } left ? left : null, had);
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}-])[\p{L}\p{N}]+(?![\p{L}\p{N}])")]
    private static partial Regex Word();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

/// <summary>Edit distance checks for short words.</summary>
public static class Edits
{
    /// <summary>Whether <paramref name="a"/> becomes <paramref name="b"/> by at most one insertion, deletion, substitution or swap of neighbours.</summary>
    public static bool AtMostOne(string a, string b)
    {
        if (a == b)
        {
            return true;
        }
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }
        if (a.Length == b.Length)
        {
            // Substitution, or a swap of neighbours.
            return a[(i + 1)..] == b[(i + 1)..]
                || (i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a[(i + 2)..] == b[(i + 2)..]);
        }
        return a.Length > b.Length ? a[(i + 1)..] == b[i..] : a[i..] == b[(i + 1)..];
    }
}
