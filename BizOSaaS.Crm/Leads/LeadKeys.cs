using System.Globalization;
using System.Text;

namespace BizOSaaS.Crm.Leads;

/// <summary>The normalized forms of a lead's contact details that uniqueness and duplicate detection compare.</summary>
public static class LeadKeys
{
    private static readonly HashSet<string> DotInsensitiveDomains = ["gmail.com", "googlemail.com"];

    public static string EmailKey(string email) => email.Trim().ToLowerInvariant();

    /// <summary>"John.Doe+crm@GMail.com" and "johndoe@gmail.com" reach the same mailbox.</summary>
    public static string CanonicalEmail(string email)
    {
        var key = EmailKey(email);
        var at = key.LastIndexOf('@');
        if (at <= 0)
        {
            return key;
        }
        var local = key[..at];
        var domain = key[(at + 1)..];
        if (local.IndexOf('+') is > 0 and var plus)
        {
            local = local[..plus];
        }
        if (domain == "googlemail.com")
        {
            domain = "gmail.com";
        }
        if (DotInsensitiveDomains.Contains(domain))
        {
            local = local.Replace(".", "");
        }
        return local + "@" + domain;
    }

    /// <summary>The last ten digits, so "+1 (555) 010-2030" and "555.010.2030" match; null with fewer than seven.</summary>
    public static string? PhoneKey(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length < 7)
        {
            return null;
        }
        return digits.Length > 10 ? digits[^10..] : digits;
    }

    /// <summary>Name and company without case, accents, punctuation or repeated spaces: "José  O'Neil" → "jose oneil".</summary>
    public static string NameKey(string name, string? company) => Normalize(name) + "|" + Normalize(company ?? "");

    public static string Normalize(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                if (space && builder.Length > 0)
                {
                    builder.Append(' ');
                }
                builder.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (char.IsWhiteSpace(c) || c is '-' or '_' or '.' or ',')
            {
                space = true;
            }
        }
        return builder.ToString();
    }
}
