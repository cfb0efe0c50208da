namespace BizOSaaS.Validation;

public static class TextValues
{
    /// <summary>The text as stored once its rules passed: trimmed, and null when blank.</summary>
    public static string? Trimmed(this string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
