namespace BizOSaaS.Commerce.Checkouts;

public static class CheckoutMapping
{
    extension(ShippingMethodResponse)
    {
        public static ShippingMethodResponse From(ShippingMethod e) => new(e.Id, e.Name, e.Price, e.IsActive);
    }

    extension(VoucherResponse)
    {
        public static VoucherResponse From(Voucher e) => new(e.Id, e.Code, e.Kind, e.Value, e.ProductIds, e.UsageLimit, e.OncePerCustomer, e.Used, e.StartsAt, e.EndsAt, e.CreatedAt);
    }

    extension(Address)
    {
        public static Address From(AddressRequest r) =>
            new(r.Name!.Trim(), r.Line1!.Trim(), r.Line2.Trimmed(), r.City!.Trim(), r.PostalCode!.Trim(), r.Country!.Trim().ToUpperInvariant(), r.Phone.Trimmed());
    }
}
