namespace BizOSaaS.Directory.Taxonomy;

/// <summary>A category of the directory's shared taxonomy. Its <see cref="Keywords"/> are searched with its name (weight C), so
/// "mechanic" finds auto repair shops and "coffee" finds cafés: the directory's synonyms.</summary>
public sealed record DirectoryCategoryEntry(string Slug, string Name, string? Parent, string Keywords);

/// <summary>The categories every tenant's listings are filed under, one taxonomy for the whole directory. The migrations write it
/// to <c>directory_categories</c> (the search triggers read names and keywords there); this list is what the API checks
/// against and answers with.</summary>
public static class DirectoryTaxonomy
{
    public static IReadOnlyList<DirectoryCategoryEntry> All { get; } =
    [
        new("restaurants", "Restaurants", null, "restaurant food dining eat dinner lunch"),
        new("pizza", "Pizza", "restaurants", "pizzeria pizza italian"),
        new("italian", "Italian", "restaurants", "italian pasta trattoria osteria"),
        new("sushi", "Sushi", "restaurants", "sushi japanese ramen"),
        new("burgers", "Burgers", "restaurants", "burger burgers grill"),
        new("vegan", "Vegan & vegetarian", "restaurants", "vegan vegetarian veggie plant-based"),
        new("cafes", "Cafés", null, "cafe coffee espresso cappuccino breakfast"),
        new("bakeries", "Bakeries", null, "bakery bread pastry cake baker croissant"),
        new("bars", "Bars & pubs", null, "bar pub beer cocktails drinks wine"),
        new("beauty", "Beauty & spas", null, "beauty spa nails massage cosmetics"),
        new("hair-salons", "Hair salons", "beauty", "hair salon hairdresser barber haircut"),
        new("fitness", "Gyms & fitness", null, "gym fitness workout training yoga"),
        new("health", "Health", null, "health medical"),
        new("dentists", "Dentists", "health", "dentist dental teeth orthodontist"),
        new("doctors", "Doctors", "health", "doctor physician clinic practice"),
        new("pharmacies", "Pharmacies", "health", "pharmacy chemist drugstore"),
        new("auto-repair", "Auto repair", null, "mechanic garage car repair tyres tires"),
        new("home-services", "Home services", null, "home repair handyman"),
        new("plumbers", "Plumbers", "home-services", "plumber plumbing pipes heating"),
        new("electricians", "Electricians", "home-services", "electrician electrical wiring"),
        new("cleaning", "Cleaning", "home-services", "cleaning cleaner housekeeping"),
        new("hotels", "Hotels", null, "hotel accommodation stay rooms lodging"),
        new("shopping", "Shopping", null, "shop store"),
        new("florists", "Florists", "shopping", "florist flowers bouquet"),
        new("bookstores", "Bookstores", "shopping", "books bookshop bookstore"),
        new("clothing", "Clothing", "shopping", "clothes fashion apparel boutique"),
        new("groceries", "Groceries", "shopping", "grocery supermarket market"),
        new("professional", "Professional services", null, "services office"),
        new("lawyers", "Lawyers", "professional", "lawyer attorney legal law"),
        new("accountants", "Accountants", "professional", "accountant tax bookkeeping"),
        new("marketing", "Marketing agencies", "professional", "marketing agency advertising seo"),
        new("it-services", "IT services", "professional", "it computer software web developer"),
        new("real-estate", "Real estate", "professional", "realtor property apartments estate"),
        new("pet-services", "Pet services", null, "pet dog cat groomer vet veterinary"),
        new("events", "Events & venues", null, "events venue wedding party"),
    ];

    private static readonly Dictionary<string, DirectoryCategoryEntry> BySlug = All.ToDictionary(c => c.Slug);

    public static DirectoryCategoryEntry? Find(string slug) => BySlug.GetValueOrDefault(slug);

    /// <summary>A category and its children: filtering by restaurants finds the pizza places too.</summary>
    public static IEnumerable<string> WithChildren(string slug) => All.Where(c => c.Slug == slug || c.Parent == slug).Select(c => c.Slug);

    public static DirectoryCategory ToContract(this DirectoryCategoryEntry category) => new(category.Slug, category.Name, category.Parent);
}
