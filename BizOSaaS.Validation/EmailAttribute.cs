using System.ComponentModel.DataAnnotations;

namespace BizOSaaS.Validation;

/// <summary>An email address (at most 320 characters); required unless <see cref="Required"/> is false.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class EmailAttribute : FieldRuleAttribute
{
    public const int MaxLength = 320;
    private static readonly EmailAddressAttribute Format = new();

    public bool Required { get; init; } = true;

    protected override string? CheckBlank(string field) => Required ? $"{field} is required." : null;

    protected override string? Check(object value, string field)
    {
        var email = ((string)value).Trim();
        return email.Length > MaxLength ? $"{field} must be at most {MaxLength} characters."
            : IsEmail(email) ? null : $"{field} must be a valid email address.";
    }

    /// <summary>Something@somewhere with no spaces: what a person can be mailed at.</summary>
    private static bool IsEmail(string email) =>
        Format.IsValid(email) && email.IndexOf('@') is > 0 and var at && at < email.Length - 1 && !email.Contains(' ');
}
