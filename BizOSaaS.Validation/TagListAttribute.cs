namespace BizOSaaS.Validation;

/// <summary>Up to <see cref="MaxCount"/> distinct tags (blank ones ignored, compared without case), each at most <see cref="MaxLength"/> characters.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class TagListAttribute : FieldRuleAttribute
{
    public int MaxCount { get; init; } = 20;

    public int MaxLength { get; init; } = 40;

    /// <summary>The tags as stored: trimmed, lower case, blank ones dropped, each once.</summary>
    public static List<string> Clean(IEnumerable<string?>? tags) =>
        (tags ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Trim().ToLowerInvariant()).Distinct().ToList();

    protected override string? Check(object value, string field)
    {
        var tags = Clean(((System.Collections.IEnumerable)value).Cast<string?>());
        return tags.Count > MaxCount ? $"{field}: at most {MaxCount} tags."
            : tags.Any(t => t.Length > MaxLength) ? $"{field}: each tag is at most {MaxLength} characters."
            : null;
    }
}
