using System.ComponentModel.DataAnnotations;
using BizOSaaS.Crm.Contracts;
using BizOSaaS.Validation;

namespace BizOSaaS.UnitTests;

/// <summary>The field rules the request records carry, checked as DataAnnotations runs them: the messages name the field as the JSON does.</summary>
public class FieldRuleTests
{
    private static string? Problem(ValidationAttribute rule, object? value, string member = "CompanySize")
    {
        var result = rule.GetValidationResult(value, new ValidationContext(new object()) { MemberName = member });
        return result?.ErrorMessage;
    }

    [Fact]
    public void Text_is_checked_trimmed_and_required_only_when_asked()
    {
        Assert.Null(Problem(new TextAttribute(3), null, "JobTitle"));
        Assert.Null(Problem(new TextAttribute(3), "  abc  ", "JobTitle"));
        Assert.Equal("jobTitle must be at most 3 characters.", Problem(new TextAttribute(3), "abcd", "JobTitle"));
        Assert.Equal("name is required.", Problem(new TextAttribute(3) { Required = true }, "   ", "Name"));
    }

    [Fact]
    public void Between_names_its_bounds_and_allows_a_missing_value_unless_required()
    {
        var rule = new BetweenAttribute(1, 10_000_000);
        Assert.Null(Problem(rule, null));
        Assert.Null(Problem(rule, 10_000_000));
        Assert.Equal("companySize must be between 1 and 10000000.", Problem(rule, 0));
        Assert.Equal("fitShare must be between 0 and 1.", Problem(new BetweenAttribute(0, 1) { Required = true }, null, "FitShare"));
        Assert.Equal("fitShare must be between 0 and 1.", Problem(new BetweenAttribute(0, 1), 1.5, "FitShare"));
    }

    [Theory]
    [InlineData("ada@example.com", null)]
    [InlineData("not-an-email", "email must be a valid email address.")]
    [InlineData("a b@example.com", "email must be a valid email address.")]
    [InlineData("", "email is required.")]
    public void Email(string value, string? expected) => Assert.Equal(expected, Problem(new EmailAttribute(), value, "Email"));

    [Theory]
    [InlineData("+1 (555) 010-9999", null)]
    [InlineData("1234", "phone must be a phone number (digits, spaces and + - ( ) . / x).")]
    [InlineData("call me 12345", "phone must be a phone number (digits, spaces and + - ( ) . / x).")]
    public void Phone(string value, string? expected) => Assert.Equal(expected, Problem(new PhoneNumberAttribute(), value, "Phone"));

    [Fact]
    public void One_of_compares_without_case_and_lists_the_choices()
    {
        var rule = new OneOfAttribute("open", "won", "lost");
        Assert.Null(Problem(rule, " WON ", "Kind"));
        Assert.Equal("kind must be one of: open, won, lost.", Problem(rule, "closed", "Kind"));
        Assert.Null(Problem(new OneOfAttribute("new", "contacted") { CommaSeparated = true }, "new, Contacted", "Status"));
        Assert.Equal("status must be one or more of: new, contacted.", Problem(new OneOfAttribute("new", "contacted") { CommaSeparated = true }, "new,lost", "Status"));
        Assert.Equal("kind must be one of: open, won, lost.", Problem(new OneOfAttribute("open", "won", "lost") { Required = true }, null, "Kind"));
    }

    [Fact]
    public void Tags_currency_money_and_patterns()
    {
        Assert.Equal("tags: at most 2 tags.", Problem(new TagListAttribute { MaxCount = 2 }, new List<string?> { "a", "b", "c" }, "Tags"));
        Assert.Null(Problem(new TagListAttribute { MaxCount = 2 }, new List<string?> { "a", "A", " a ", null }, "Tags"));
        Assert.Equal(["vip", "b2b"], TagListAttribute.Clean([" VIP ", "vip", "", "b2b"]));
        Assert.Null(Problem(new CurrencyCodeAttribute(), "eur", "Currency"));
        Assert.Equal("currency must be an ISO 4217 currency code such as USD, EUR or INR.", Problem(new CurrencyCodeAttribute(), "XYZ", "Currency"));
        Assert.Equal("amount must be between 0 and 1,000,000,000,000 with at most two decimals.", Problem(new MoneyAttribute(), 1.005m, "Amount"));
        Assert.Equal("key must be letters.", Problem(new MatchesAttribute("^[a-z]+$") { ErrorMessage = "{0} must be letters." }, "a1", "Key"));
    }

    [Fact]
    public void A_lead_request_is_checked_by_its_attributes_with_every_field_named_as_in_json()
    {
        var request = new LeadRequest(" ", "nope", CompanySize: 0, Tags: [.. Enumerable.Range(0, 21).Select(i => (string?)$"t{i}")]);
        var results = new List<ValidationResult>();
        var properties = typeof(LeadRequest).GetConstructors().Single().GetParameters();
        foreach (var parameter in properties)
        {
            var value = typeof(LeadRequest).GetProperty(parameter.Name!)!.GetValue(request);
            var context = new ValidationContext(request) { MemberName = parameter.Name };
            Validator.TryValidateValue(value, context, results, parameter.GetCustomAttributes(typeof(ValidationAttribute), true).Cast<ValidationAttribute>());
        }
        Assert.Equal(["name is required.", "email must be a valid email address.", "companySize must be between 1 and 10000000.", "tags: at most 20 tags."],
            results.Select(r => r.ErrorMessage));
    }

    [Fact]
    public void Field_errors_collect_messages_per_field()
    {
        var errors = FieldErrors.Of("ownerId", "ownerId must be a member of your tenant.");
        errors.Add(FieldErrors.Of("ownerId", "second"));
        Assert.True(errors.Any && errors.Has("ownerId") && !errors.Has("name"));
        Assert.Equal(["ownerId must be a member of your tenant.", "second"], errors.ToDictionary()["ownerId"]);
    }
}
