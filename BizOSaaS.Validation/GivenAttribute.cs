namespace BizOSaaS.Validation;

/// <summary>The field must be given (not null or blank): "{field} is required.", or <see cref="System.ComponentModel.DataAnnotations.ValidationAttribute.ErrorMessage"/>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class GivenAttribute : FieldRuleAttribute
{
    protected override string? CheckBlank(string field) => $"{field} is required.";

    protected override string? Check(object value, string field) => null;
}
