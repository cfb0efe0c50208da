namespace BizOSaaS.Directory.Listings;

public static class ListingMapping
{
    public static ListingResponse ToResponse(this Listing l) => new(
        l.Id, l.Name, l.Description, l.Categories, l.Tags, l.Address, l.City, l.Region, l.PostalCode, l.Country, l.Latitude, l.Longitude,
        l.Phone, l.Website, l.TimeZone, l.Hours, l.Exceptions, l.PhotoUrls, l.Claimed, l.Verified, l.Status, l.Rating, l.ReviewCount, l.IsDemo,
        l.CreatedAt, l.UpdatedAt);
}
