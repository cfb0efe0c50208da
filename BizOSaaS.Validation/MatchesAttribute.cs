using System.Text.RegularExpressions;

namespace BizOSaaS.Validation;

/// <summary>Text (trimmed) that matches <see cref="Pattern"/>; say in <see cref="System.ComponentModel.DataAnnotations.ValidationAttribute.ErrorMessage"/>
/// what that means for a person ("{0} must be a host name such as example.com.").</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class MatchesAttribute(string pattern) : FieldRuleAttribute
{
    private readonly Regex _regex = new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public string Pattern { get; } = pattern;

    protected override string? Check(object value, string field) =>
        _regex.IsMatch(((string)value).Trim()) ? null : $"{field} is not in the expected form.";
}
