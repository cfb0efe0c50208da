namespace BizOSaaS.Validation;

/// <summary>Text of at most <see cref="MaxLength"/> characters once trimmed; with <see cref="Required"/>, not blank either.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class TextAttribute(int maxLength) : FieldRuleAttribute
{
    public int MaxLength { get; } = maxLength;

    public bool Required { get; init; }

    protected override string? CheckBlank(string field) => Required ? $"{field} is required." : null;

    protected override string? Check(object value, string field) =>
        value is string text && text.Trim().Length > MaxLength ? $"{field} must be at most {MaxLength} characters." : null;
}
