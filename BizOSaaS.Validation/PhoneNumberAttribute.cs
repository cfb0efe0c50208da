namespace BizOSaaS.Validation;

/// <summary>A phone number as people write them: at least five digits, spaces and + - ( ) . / x, at most 40 characters.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class PhoneNumberAttribute : FieldRuleAttribute
{
    public const int MaxLength = 40;

    protected override string? Check(object value, string field)
    {
        var phone = ((string)value).Trim();
        return phone.Length > MaxLength ? $"{field} must be at most {MaxLength} characters."
            : phone.Count(char.IsAsciiDigit) < 5 || phone.Any(c => !(char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.' or '/' or 'x'))
                ? $"{field} must be a phone number (digits, spaces and + - ( ) . / x)."
                : null;
    }
}
