using System.Globalization;

namespace BizOSaaS.Validation;

/// <summary>An ISO 4217 currency code in use by some culture (USD, EUR, INR…), without case.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class CurrencyCodeAttribute : FieldRuleAttribute
{
    private static readonly HashSet<string> Codes = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => { try { return new RegionInfo(c.Name).ISOCurrencySymbol; } catch (ArgumentException) { return null; } })
        .OfType<string>()
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    protected override string? Check(object value, string field) =>
        Codes.Contains(((string)value).Trim()) ? null : $"{field} must be an ISO 4217 currency code such as USD, EUR or INR.";
}
