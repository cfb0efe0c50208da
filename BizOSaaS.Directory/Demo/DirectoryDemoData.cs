using BizOSaaS.Directory.Data;
using BizOSaaS.Directory.Listings;
using BizOSaaS.Directory.Search;
using BizOSaaS.Platform.Caching;
using BizOSaaS.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Directory.Demo;

/// <summary>
/// Development only: published listings for the three seed tenants, so a developer's public directory at /directory is not
/// empty. Each is marked <c>IsDemo</c> (the site says so). Written once per tenant, into a tenant with no listings of its own;
/// off with <c>Directory:DemoData=false</c>.
/// </summary>
public sealed class DirectoryDemoData(IServiceProvider services, IHostEnvironment environment, IConfiguration configuration, TenantContext tenantContext,
    TimeProvider clock, ILogger<DirectoryDemoData> logger) : IHostedService
{
    private static readonly OpeningHours[] Weekdays9To18 = [.. new[] { "mon", "tue", "wed", "thu", "fri" }.Select(d => new OpeningHours(d, "09:00", "18:00")), new("sat", "10:00", "14:00")];

    private static readonly OpeningHours[] Evenings = [.. new[] { "tue", "wed", "thu", "fri", "sat", "sun" }.Select(d => new OpeningHours(d, "11:30", "23:00"))];

    private static readonly OpeningHours[] Nights = [.. new[] { "wed", "thu", "fri", "sat" }.Select(d => new OpeningHours(d, "18:00", "02:00"))];

    private static readonly OpeningHours[] Mornings = [.. new[] { "mon", "tue", "wed", "thu", "fri", "sat", "sun" }.Select(d => new OpeningHours(d, "07:00", "17:00"))];

    private static readonly (Guid Tenant, string Name, string Category, string Tags, string Description, string Address, string City, string Country,
        double Lat, double Lon, string Zone, OpeningHours[] Hours)[] Listings =
    [
        (DevelopmentTenants.CorelDove, "Luigi's Pizzeria", "pizza", "wood fired, neapolitan, takeaway",
            "Neapolitan pizza from a wood fired oven, fresh mozzarella and basil. Takeaway and delivery in Mitte.",
            "Torstraße 110", "Berlin", "DE", 52.5291, 13.4010, "Europe/Berlin", Evenings),
        (DevelopmentTenants.CorelDove, "Kaffeehaus Morgenrot", "cafes", "espresso, breakfast, wifi",
            "Single origin espresso, filter coffee and homemade cakes. Breakfast served until noon.",
            "Kastanienallee 85", "Berlin", "DE", 52.5389, 13.4098, "Europe/Berlin", Mornings),
        (DevelopmentTenants.CorelDove, "Brotzeit Bakery", "bakeries", "sourdough, croissant",
            "Sourdough bread baked every night, croissants and seasonal fruit cakes.",
            "Bergmannstraße 12", "Berlin", "DE", 52.4893, 13.3936, "Europe/Berlin", Mornings),
        (DevelopmentTenants.CorelDove, "Spree Dental Practice", "dentists", "implants, children",
            "Family dentist for check-ups, implants and gentle treatment for children.",
            "Friedrichstraße 200", "Berlin", "DE", 52.5065, 13.3900, "Europe/Berlin", Weekdays9To18),
        (DevelopmentTenants.Bizoholic, "Pizza Napoli Schwabing", "pizza", "pizza, pasta, family",
            "Classic pizza and pasta for the whole family, gluten free dough on request.",
            "Leopoldstraße 40", "Munich", "DE", 48.1600, 11.5860, "Europe/Berlin", Evenings),
        (DevelopmentTenants.Bizoholic, "Isar Auto Service", "auto-repair", "tyres, inspection",
            "Independent garage: inspections, tyre changes and repairs for all makes.",
            "Landsberger Straße 300", "Munich", "DE", 48.1420, 11.5050, "Europe/Berlin", Weekdays9To18),
        (DevelopmentTenants.Bizoholic, "Biergarten am Fluss", "bars", "beer garden, live music",
            "Beer garden by the river with Bavarian beer, pretzels and live music on weekends.",
            "Isarwinkel 3", "Munich", "DE", 48.1290, 11.5770, "Europe/Berlin", Nights),
        (DevelopmentTenants.Bizoholic, "Bizoholic Marketing Studio", "marketing", "seo, social media",
            "Marketing agency for small businesses: SEO, social media campaigns and websites.",
            "Sendlinger Straße 7", "Munich", "DE", 48.1350, 11.5710, "Europe/Berlin", Weekdays9To18),
        (DevelopmentTenants.ThrillRing, "ThrillRing Fitness Club", "fitness", "boxing, yoga, sauna",
            "Gym with boxing ring, yoga classes and a sauna. Day passes available.",
            "Reeperbahn 1", "Hamburg", "DE", 53.5496, 9.9667, "Europe/Berlin", Mornings),
        (DevelopmentTenants.ThrillRing, "Hafen Sushi Bar", "sushi", "sushi, ramen",
            "Fresh sushi and ramen near the harbour, counter seats and takeaway.",
            "Große Elbstraße 140", "Hamburg", "DE", 53.5450, 9.9400, "Europe/Berlin", Evenings),
        (DevelopmentTenants.ThrillRing, "Elbe Plumbing & Heating", "plumbers", "emergency, heating",
            "Plumber for leaks, heating repairs and bathroom installations, emergency service.",
            "Holstenstraße 50", "Hamburg", "DE", 53.5580, 9.9460, "Europe/Berlin", Weekdays9To18),
        (DevelopmentTenants.ThrillRing, "Pizzeria Bella Amburgo", "pizza", "pizza, wine",
            "Thin crust pizza, Italian wines and a terrace facing the canal.",
            "Mühlenkamp 20", "Hamburg", "DE", 53.5830, 10.0110, "Europe/Berlin", Evenings),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() || !configuration.GetValue("Directory:DemoData", true))
        {
            return;
        }
        var written = 0;
        foreach (var tenant in Listings.Select(l => l.Tenant).Distinct())
        {
            using (tenantContext.Use(tenant))
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('bizosaas.directory.demo_data'))", cancellationToken);
                if (await db.Listings.AnyAsync(cancellationToken))
                {
                    continue;
                }
                var now = clock.GetUtcNow();
                foreach (var l in Listings.Where(l => l.Tenant == tenant))
                {
                    db.Listings.Add(new Listing
                    {
                        Id = Guid.CreateVersion7(),
                        Name = l.Name,
                        Description = l.Description,
                        Categories = [l.Category],
                        Tags = [.. l.Tags.Split(',', StringSplitOptions.TrimEntries)],
                        Address = l.Address,
                        City = l.City,
                        Country = l.Country,
                        Latitude = l.Lat,
                        Longitude = l.Lon,
                        TimeZone = l.Zone,
                        Hours = [.. l.Hours],
                        Exceptions = [new HoursException(new DateOnly(now.Year, 12, 25), true, Note: "Christmas Day")],
                        Claimed = true,
                        Verified = written % 2 == 0,
                        Status = ListingStatuses.Published,
                        IsDemo = true,
                        CreatedAt = now,
                        UpdatedAt = now,
                    });
                    written++;
                }
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        if (written > 0)
        {
            await services.GetRequiredService<TenantCache>().InvalidatePublicAsync(CachedDirectorySearch.Scope, CachedDirectorySearch.Tags, cancellationToken);
            logger.LogInformation("Wrote {Count} published demo listings for the seed tenants (Development only)", written);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
