using System.Globalization;

namespace BizOSaaS.Validation;

/// <summary>A number from <see cref="Minimum"/> to <see cref="Maximum"/>, both included; with <see cref="Required"/>, it must be given.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class BetweenAttribute(double minimum, double maximum) : FieldRuleAttribute
{
    public double Minimum { get; } = minimum;

    public double Maximum { get; } = maximum;

    public bool Required { get; init; }

    protected override string? CheckBlank(string field) => Required ? Problem(field) : null;

    protected override string? Check(object value, string field) =>
        Convert.ToDouble(value, CultureInfo.InvariantCulture) is var number && number >= Minimum && number <= Maximum ? null : Problem(field);

    private string Problem(string field) =>
        string.Create(CultureInfo.InvariantCulture, $"{field} must be between {Minimum} and {Maximum}.");
}
