namespace BizOSaaS.Validation;

/// <summary>An amount of money: from 0 to a trillion, in cents at the finest.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class MoneyAttribute : FieldRuleAttribute
{
    public const decimal Maximum = 1_000_000_000_000m;

    protected override string? Check(object value, string field) =>
        value is decimal amount && (amount is < 0 or > Maximum || decimal.Round(amount, 2) != amount)
            ? $"{field} must be between 0 and 1,000,000,000,000 with at most two decimals."
            : null;
}
