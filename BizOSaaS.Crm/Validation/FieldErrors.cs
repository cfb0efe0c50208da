using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace BizOSaaS.Crm.Validation;

/// <summary>Collects a request's field errors (camelCase field → messages) for one 400 problem details answer.</summary>
public sealed class FieldErrors
{
    private static readonly EmailAddressAttribute EmailFormat = new();
    private static readonly HashSet<string> CurrencyCodes = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => { try { return new RegionInfo(c.Name).ISOCurrencySymbol; } catch (ArgumentException) { return null; } })
        .OfType<string>()
        .ToHashSet(StringComparer.Ordinal);

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
    }

    /// <summary>A required text of 1 to <paramref name="max"/> characters after trimming.</summary>
    public string Required(string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{field} is required.");
            return "";
        }
        var trimmed = value.Trim();
        if (trimmed.Length > max)
        {
            Add(field, $"{field} must be at most {max} characters.");
        }
        return trimmed;
    }

    /// <summary>An optional text of at most <paramref name="max"/> characters; blank becomes null.</summary>
    public string? Optional(string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var trimmed = value.Trim();
        if (trimmed.Length > max)
        {
            Add(field, $"{field} must be at most {max} characters.");
        }
        return trimmed;
    }

    public string Email(string field, string? value, bool required = true)
    {
        var email = required ? Required(field, value, 320) : Optional(field, value, 320) ?? "";
        if (email.Length > 0 && !IsEmail(email))
        {
            Add(field, $"{field} must be a valid email address.");
        }
        return email;
    }

    public static bool IsEmail(string email) =>
        EmailFormat.IsValid(email) && email.IndexOf('@') is > 0 and var at && at < email.Length - 1 && !email.Contains(' ');

    public string? Phone(string field, string? value)
    {
        var phone = Optional(field, value, 40);
        if (phone is not null && (phone.Count(char.IsAsciiDigit) < 5 || phone.Any(c => !(char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.' or '/' or 'x'))))
        {
            Add(field, $"{field} must be a phone number (digits, spaces and + - ( ) . / x).");
        }
        return phone;
    }

    public string OneOf(string field, string? value, IReadOnlyCollection<string> allowed, string? fallback = null)
    {
        var chosen = string.IsNullOrWhiteSpace(value) ? fallback : value.Trim().ToLowerInvariant();
        if (chosen is null || !allowed.Contains(chosen))
        {
            Add(field, $"{field} must be one of: {string.Join(", ", allowed)}.");
            return fallback ?? "";
        }
        return chosen;
    }

    public int? Range(string field, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            Add(field, $"{field} must be between {min} and {max}.");
        }
        return value;
    }

    public string Currency(string field, string? value)
    {
        var code = (value ?? "").Trim().ToUpperInvariant();
        if (!CurrencyCodes.Contains(code))
        {
            Add(field, $"{field} must be an ISO 4217 currency code such as USD, EUR or INR.");
        }
        return code;
    }

    public List<string> Tags(string field, IEnumerable<string?>? tags)
    {
        var cleaned = (tags ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Trim().ToLowerInvariant()).Distinct().ToList();
        if (cleaned.Count > 20)
        {
            Add(field, $"{field}: at most 20 tags.");
        }
        if (cleaned.Any(t => t.Length > 40))
        {
            Add(field, $"{field}: each tag is at most 40 characters.");
        }
        return cleaned;
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
