using BizOSaaS.Commerce.Data;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Catalog;

/// <summary>
/// Product search on PostgreSQL full-text with typo tolerance (ADR 27). Each product has a search document in
/// <c>product_search</c> — its name weighted A, category, variant names and SKUs B, description C — kept by triggers
/// on the catalog tables, and its lower-case name for trigram matching. The search runs in
/// <c>search_products(query, limit)</c>, a function owned by the database owner that reads only the current
/// transaction's tenant: under row-level security PostgreSQL will not use a full-text or trigram index (<c>@@</c> and
/// <c>&lt;%</c> are not leakproof, so they may not run before the policy), so the table's reads go through that function
/// and its GIN index, led by the tenant, is used. <c>explain_product_search(query, limit)</c> shows its plan.
/// </summary>
public static class ProductSearch
{
    public sealed record Hit(Guid ProductId, float Rank);

    /// <summary>The best matches first: name words count most, then category and variants, then the description. When no
    /// document matches (and the query excludes nothing), the names nearest in spelling are the answer ("stonewre mugg" →
    /// "Stoneware mug").</summary>
    public static Task<List<Hit>> SearchAsync(this CommerceDb db, string query, int limit, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<Hit>($"SELECT product_id, rank FROM search_products({query}, {limit})").ToListAsync(cancellationToken);

    /// <summary>The plans of the same search, run as the function runs it (for the benchmark and the tests); with
    /// <paramref name="preferIndexes"/>, sequential scans are ruled out, to show that the indexes can be used at all.</summary>
    public static Task<List<string>> ExplainAsync(this CommerceDb db, string query, int limit, bool preferIndexes, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<string>($"SELECT line AS \"Value\" FROM explain_product_search({query}, {limit}, {preferIndexes}) AS line").ToListAsync(cancellationToken);

    /// <summary>The products whose attribute values match every <c>name:value</c> filter (without case), or the field errors of
    /// filters that are not of that form.</summary>
    public static IQueryable<Product> WithAttributes(this IQueryable<Product> query, CommerceDb db, string[]? filters, FieldErrors errors)
    {
        foreach (var (filter, index) in (filters ?? []).Select((f, i) => (f, i)))
        {
            var colon = filter.IndexOf(':');
            var name = colon > 0 ? filter[..colon].Trim() : "";
            var value = colon > 0 ? filter[(colon + 1)..].Trim() : "";
            if (name.Length is 0 or > 50 || value.Length is 0 or > ProductAttributes.MaxValueLength || index >= 10)
            {
                errors.Add($"attribute[{index}]", "Filter by up to 10 attributes, each written name:value (e.g. material:stoneware).");
                continue;
            }
            var matching = db.Products.FromSql(
                $"SELECT * FROM products WHERE EXISTS (SELECT 1 FROM jsonb_each_text(attributes) a WHERE lower(a.key) = lower({name}) AND lower(a.value) = lower({value}))");
            query = query.Where(p => matching.Select(m => m.Id).Contains(p.Id));
        }
        return query;
    }

    /// <summary>
    /// Up to <paramref name="take"/> products of <paramref name="query"/> (already filtered) with their variants: best match
    /// first for the words in <paramref name="text"/> (the search ranks, the filters then keep the matches that fit, in rank
    /// order), newest first without them.
    /// </summary>
    public static async Task<List<Product>> ListAsync(this CommerceDb db, IQueryable<Product> query, string? text, int take, CancellationToken cancellationToken)
    {
        query = query.Include(p => p.Variants).AsSplitQuery();
        if (text.Trimmed() is not { } words)
        {
            return await query.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Take(take).ToListAsync(cancellationToken);
        }
        var hits = await db.SearchAsync(words, Math.Max(take * 4, 200), cancellationToken);
        var ids = hits.Select(h => h.ProductId).ToList();
        var found = await query.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        return hits.Where(h => found.ContainsKey(h.ProductId)).Select(h => found[h.ProductId]).Take(take).ToList();
    }
}
