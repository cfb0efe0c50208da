using BizOSaaS.Directory.Data;
using BizOSaaS.Directory.Search;
using BizOSaaS.Directory.Taxonomy;
using BizOSaaS.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Directory.Listings;

/// <summary>A published listing as the public sees it: found through the search's copy of published listings, then read under its
/// tenant's row-level security (and its status checked again there).</summary>
public sealed class PublishedListingReader(IDirectorySearch search, DirectoryDb db, TenantContext tenant, TimeProvider clock)
{
    public async Task<PublicListing?> FindAsync(Guid id, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        if (await search.PublishedAsync(id, at ?? clock.GetUtcNow(), cancellationToken) is not { } state)
        {
            return null;
        }
        using (tenant.Use(state.TenantId))
        {
            var l = await db.Listings.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.Status == ListingStatuses.Published, cancellationToken);
            return l is null ? null : new PublicListing(
                l.Id, l.Name, l.Description, l.Categories.Select(DirectoryTaxonomy.Find).OfType<DirectoryCategoryEntry>().Select(c => c.ToContract()).ToList(),
                l.Tags, l.Address, l.City, l.Region, l.PostalCode, l.Country, l.Latitude, l.Longitude, l.Phone, l.Website, l.TimeZone, l.Hours, l.Exceptions,
                state.OpenNow, l.PhotoUrls, l.Claimed, l.Verified, l.Rating, l.ReviewCount, l.IsDemo);
        }
    }
}
