using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;

namespace BizOSaaS.Validation;

/// <summary>
/// A field rule on a request record's member. Its message names the field as the JSON does (camelCase), so a person
/// reading "companySize must be between 1 and 10000000." knows which input to fix. A missing or blank value passes
/// every rule except <see cref="TextAttribute.Required"/>: leaving out an optional field is not an error.
/// <see cref="ValidationAttribute.ErrorMessage"/>, when set, replaces the message; <c>{0}</c> in it is the field.
/// </summary>
public abstract class FieldRuleAttribute : ValidationAttribute
{
    /// <summary>What is wrong with <paramref name="value"/> (never blank), worded for <paramref name="field"/>; null when nothing is.</summary>
    protected abstract string? Check(object value, string field);

    /// <summary>What is wrong with a missing or blank value; null when that is allowed.</summary>
    protected virtual string? CheckBlank(string field) => null;

    public override bool IsValid(object? value) => Problem(value, "value") is null;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        var member = validationContext.MemberName ?? validationContext.DisplayName;
        var field = FieldName(member);
        return Problem(value, field) is { } problem
            ? new ValidationResult(ErrorMessage is { } custom ? string.Format(CultureInfo.InvariantCulture, custom, field) : problem, [member])
            : ValidationResult.Success;
    }

    private string? Problem(object? value, string field) =>
        value is null || value is string text && string.IsNullOrWhiteSpace(text) ? CheckBlank(field) : Check(value, field);

    /// <summary>A member's JSON name: <c>JobTitle</c> → <c>jobTitle</c>.</summary>
    public static string FieldName(string member) => JsonNamingPolicy.CamelCase.ConvertName(member);
}
