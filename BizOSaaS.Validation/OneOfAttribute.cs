namespace BizOSaaS.Validation;

/// <summary>One of <see cref="Allowed"/>, compared trimmed and without case (the service stores it in lower case);
/// with <see cref="Required"/>, a blank value gets the same message.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class OneOfAttribute(params string[] allowed) : FieldRuleAttribute
{
    public IReadOnlyList<string> Allowed { get; } = allowed;

    public bool Required { get; init; }

    /// <summary>A comma-separated list of allowed values (<c>new,contacted</c>), as a filter takes them.</summary>
    public bool CommaSeparated { get; init; }

    protected override string? CheckBlank(string field) => Required ? Problem(field) : null;

    protected override string? Check(object value, string field)
    {
        var text = (string)value;
        var values = CommaSeparated ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [text.Trim()];
        return values.All(v => Allowed.Contains(v, StringComparer.OrdinalIgnoreCase)) ? null : Problem(field);
    }

    private string Problem(string field) => $"{field} must be {(CommaSeparated ? "one or more" : "one")} of: {string.Join(", ", Allowed)}.";
}
