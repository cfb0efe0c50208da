using System.Globalization;

namespace BizOSaaS.Commerce.Catalog;

/// <summary>The rules of product types and of the attribute values their products carry (pure: no database).</summary>
public static class ProductAttributes
{
    public const int MaxAttributes = 30;
    public const int MaxChoices = 100;
    public const int MaxValueLength = 200;

    /// <summary>A type's attributes as the request defines them, or the errors that stop it (names unique without case,
    /// choices only for a choice and at least one then).</summary>
    public static List<ProductAttribute> Define(List<ProductAttributeRequest>? requested, FieldErrors errors)
    {
        var attributes = new List<ProductAttribute>();
        var given = requested ?? [];
        if (given.Count > MaxAttributes)
        {
            errors.Add("attributes", $"A product type has at most {MaxAttributes} attributes.");
            return attributes;
        }
        foreach (var (request, index) in given.Select((a, i) => (a, i)))
        {
            var name = request.Name.Trimmed();
            if (name is null || request.Kind is null)
            {
                continue; // the request's own rules already name what is missing
            }
            if (attributes.Any(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"attributes[{index}].name", $"The type already has an attribute {name}.");
                continue;
            }
            var choices = (request.Choices ?? []).Select(c => c.Trimmed()).ToList();
            if (request.Kind == AttributeKinds.Choice)
            {
                if (choices.Count is 0 or > MaxChoices || choices.Any(c => c is null || c.Length > 100))
                {
                    errors.Add($"attributes[{index}].choices", $"A choice attribute needs 1 to {MaxChoices} choices of at most 100 characters.");
                    continue;
                }
                if (choices.GroupBy(c => c!, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
                {
                    errors.Add($"attributes[{index}].choices", "Each choice may appear once.");
                    continue;
                }
            }
            else if (choices.Count > 0)
            {
                errors.Add($"attributes[{index}].choices", "Only a choice attribute has choices.");
                continue;
            }
            attributes.Add(new ProductAttribute(name, request.Kind, request.Required ?? false, choices!, request.Unit.Trimmed()));
        }
        return attributes;
    }

    /// <summary>
    /// The product's values as its type allows them, keyed by the attribute's own spelling: every name defined by the type,
    /// every required one given, a number a number (written with a dot), a choice one of the type's (its spelling kept);
    /// an empty value is no value. Errors go under <c>attributes.{name}</c>.
    /// </summary>
    public static Dictionary<string, string> Check(IReadOnlyList<ProductAttribute> defined, IReadOnlyDictionary<string, string> values, FieldErrors errors)
    {
        var checkedValues = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, raw) in values)
        {
            var attribute = defined.FirstOrDefault(a => string.Equals(a.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
            var value = raw.Trimmed();
            if (attribute is null)
            {
                errors.Add($"attributes.{name}", "The product's type has no such attribute.");
            }
            else if (value is null)
            {
                continue;
            }
            else if (value.Length > MaxValueLength)
            {
                errors.Add($"attributes.{name}", $"A value has at most {MaxValueLength} characters.");
            }
            else if (attribute.Kind == AttributeKinds.Number)
            {
                if (decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    checkedValues[attribute.Name] = number.ToString(CultureInfo.InvariantCulture);
                }
                else
                {
                    errors.Add($"attributes.{name}", $"{attribute.Name} is a number, written with a dot for decimals (e.g. 0.35).");
                }
            }
            else if (attribute.Kind == AttributeKinds.Choice)
            {
                if (attribute.Choices.FirstOrDefault(c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase)) is { } choice)
                {
                    checkedValues[attribute.Name] = choice;
                }
                else
                {
                    errors.Add($"attributes.{name}", $"{attribute.Name} is one of: {string.Join(", ", attribute.Choices)}.");
                }
            }
            else
            {
                checkedValues[attribute.Name] = value;
            }
        }
        foreach (var missing in defined.Where(a => a.Required && !checkedValues.ContainsKey(a.Name)))
        {
            if (!errors.Has($"attributes.{missing.Name}"))
            {
                errors.Add($"attributes.{missing.Name}", $"{missing.Name} is required for this type of product.");
            }
        }
        return checkedValues;
    }
}
