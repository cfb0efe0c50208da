using System.Globalization;

namespace BizOSaaS.Ui.Components;

/// <summary>Amounts as the web apps show them: the currency, then the amount with two decimals (<c>USD 1,234.50</c>).</summary>
public static class MoneyFormat
{
    public static string Of(decimal amount, string currency) => $"{currency} {amount.ToString("N2", CultureInfo.InvariantCulture)}";
}
