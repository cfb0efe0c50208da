using System.Net;
using BizOSaaS.Commerce.Catalog;
using BizOSaaS.Commerce.Contracts;
using BizOSaaS.Commerce.Sourcing;
using BizOSaaS.Validation;

namespace BizOSaaS.UnitTests;

/// <summary>The product attribute rules and the public-address rule supplier feeds are fetched under.</summary>
public sealed class CatalogAndFeedRulesTests
{
    private static readonly ProductAttribute[] Mug =
    [
        new("Material", AttributeKinds.Choice, Required: true, ["Stoneware", "Porcelain"], null),
        new("Capacity", AttributeKinds.Number, Required: false, [], "ml"),
        new("Glaze", AttributeKinds.Text, Required: false, [], null),
    ];

    [Fact]
    public void Values_are_kept_in_the_types_spelling_and_numbers_written_with_a_dot()
    {
        var errors = new FieldErrors();
        var values = ProductAttributes.Check(Mug, new Dictionary<string, string> { ["material"] = " porcelain ", ["CAPACITY"] = "0350.50", ["Glaze"] = "  " }, errors);
        Assert.False(errors.Any);
        Assert.Equal(new Dictionary<string, string> { ["Material"] = "Porcelain", ["Capacity"] = "350.50" }, values);
    }

    [Theory]
    [InlineData("Capacity", "1,5", "attributes.Capacity")]
    [InlineData("Capacity", "12 ml", "attributes.Capacity")]
    [InlineData("Material", "Glass", "attributes.Material")]
    [InlineData("Handle", "yes", "attributes.Handle")]
    public void A_value_the_type_does_not_allow_is_named_by_its_attribute(string name, string value, string field)
    {
        var errors = new FieldErrors();
        ProductAttributes.Check(Mug, new Dictionary<string, string> { ["Material"] = "Stoneware", [name] = value }, errors);
        Assert.Equal([field], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_required_attribute_left_out_or_empty_is_missing()
    {
        var errors = new FieldErrors();
        ProductAttributes.Check(Mug, new Dictionary<string, string> { ["Material"] = " ", ["Capacity"] = "300" }, errors);
        Assert.Equal(["attributes.Material"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_type_defines_unique_names_and_choices_only_for_a_choice()
    {
        var errors = new FieldErrors();
        var defined = ProductAttributes.Define(
        [
            new("Size", AttributeKinds.Choice, Choices: ["S", "M", "m"]),
            new("Weight", AttributeKinds.Number, Choices: ["1"]),
            new("Colour", AttributeKinds.Choice, Required: true, Choices: ["Red", "Blue"]),
            new("colour", AttributeKinds.Text),
        ], errors);
        Assert.Equal(["attributes[0].choices", "attributes[1].choices", "attributes[3].name"], errors.ToDictionary().Keys.Order());
        Assert.Equal(["Colour"], defined.Select(a => a.Name));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.20.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Loopback_private_link_local_and_special_addresses_are_not_public(string address) =>
        Assert.False(PublicAddresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Addresses_on_the_internet_are_public(string address) =>
        Assert.True(PublicAddresses.IsPublic(IPAddress.Parse(address)));
}
