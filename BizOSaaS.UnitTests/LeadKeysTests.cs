using BizOSaaS.Crm.Companies;
using BizOSaaS.Crm.Leads;

namespace BizOSaaS.UnitTests;

/// <summary>The normalized keys that email uniqueness and duplicate detection compare.</summary>
public sealed class LeadKeysTests
{
    [Theory]
    [InlineData(" Ada@Example.COM ", "ada@example.com")]
    [InlineData("John.Doe+crm@GMail.com", "johndoe@gmail.com")]
    [InlineData("j.o.h.n.doe@googlemail.com", "johndoe@gmail.com")]
    [InlineData("john.doe+x@acme.example", "john.doe@acme.example")]
    public void Canonical_emails_name_the_mailbox_a_person_reads(string email, string canonical) =>
        Assert.Equal(canonical, LeadKeys.CanonicalEmail(email));

    [Theory]
    [InlineData("+1 (555) 010-2030", "5550102030")]
    [InlineData("555.010.2030", "5550102030")]
    [InlineData("0044 20 7946 0000", "2079460000")]
    [InlineData("12-34", null)]
    [InlineData(null, null)]
    public void Phone_keys_are_the_last_ten_digits(string? phone, string? key) =>
        Assert.Equal(key, LeadKeys.PhoneKey(phone));

    [Fact]
    public void Name_keys_ignore_case_accents_punctuation_and_spacing()
    {
        Assert.Equal(LeadKeys.NameKey("José  O'Neil", "Doe & Co."), LeadKeys.NameKey("jose o'neil", "DOE & CO"));
        Assert.NotEqual(LeadKeys.NameKey("Jose O'Neil", "Doe & Co"), LeadKeys.NameKey("Jose O'Neil", "Other"));
    }

    [Theory]
    [InlineData("https://www.Example.com/about", "example.com")]
    [InlineData("shop.example.co.uk", "shop.example.co.uk")]
    [InlineData("not a domain", null)]
    [InlineData("localhost", null)]
    public void Company_domains_are_host_names(string input, string? domain) =>
        Assert.Equal(domain, CompanyDomains.Normalize(input));
}
