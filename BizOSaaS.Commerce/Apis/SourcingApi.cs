using System.Text.RegularExpressions;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Sourcing;
using BizOSaaS.Commerce.Store;
using BizOSaaS.Commerce.Suppliers;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Apis;

/// <summary>Product sourcing: the tenant's scoring settings and the candidates its suppliers' feeds brought in.</summary>
public static partial class SourcingApi
{
    public const int MaxCountries = 300;

    public static IEndpointRouteBuilder MapSourcingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sourcing").WithTags("Sourcing");
        api.MapGet("/settings", GetSettings).RequireAuthorization(PlatformPolicies.TenantUser)
            .WithSummary("The sourcing threshold, the marketplace fee counted in margins and your country risk table.");
        api.MapPut("/settings", PutSettings).RequireAuthorization(PlatformPolicies.TenantAdmin).ValidatedWithHandlerRules()
            .WithSummary("Changes the sourcing settings (tenant admins); every supplier is reviewed again against the new country table.");
        api.MapGet("/candidates", ListCandidates).RequireAuthorization(PlatformPolicies.TenantUser)
            .WithSummary("Sourcing candidates, best score first, each factor with its evidence; filter by status or supplier.");
        api.MapGet("/candidates/{id:guid}", GetCandidate).RequireAuthorization(PlatformPolicies.TenantUser).WithSummary("One sourcing candidate.");
        return app;
    }

    private static async Task<Ok<SourcingSettingsResponse>> GetSettings(CommerceDb db, CancellationToken cancellationToken)
    {
        var settings = await db.StoreSettingsAsync(cancellationToken);
        return TypedResults.Ok(new SourcingSettingsResponse(settings.SourcingThreshold, settings.MarketplaceFeePercent, settings.CountryRisk));
    }

    private static async Task<Results<Ok<SourcingSettingsResponse>, ValidationProblem>> PutSettings(
        SourcingSettingsRequest request, CommerceDb db, SupplierReview review, RequestValidator validator, TenantContext tenant, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        if (request.CountryRisk is { } table)
        {
            if (table.Count > MaxCountries)
            {
                errors.Add("countryRisk", $"countryRisk holds at most {MaxCountries} countries.");
            }
            foreach (var (country, risk) in table)
            {
                if (!CountryCode().IsMatch(country))
                {
                    errors.Add("countryRisk", $"{country} is not a two-letter ISO 3166 country code.");
                }
                else if (risk is < 0 or > 100)
                {
                    errors.Add("countryRisk", $"The risk of {country} must be between 0 and 100.");
                }
            }
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var settings = await db.LockStoreSettingsAsync(tenant.RequiredTenantId, now, cancellationToken);
        settings.SourcingThreshold = decimal.Round(request.Threshold!.Value, 2);
        settings.MarketplaceFeePercent = decimal.Round(request.MarketplaceFeePercent!.Value, 2);
        if (request.CountryRisk is { } countries)
        {
            settings.CountryRisk = countries.ToDictionary(c => c.Key.ToUpperInvariant(), c => decimal.Round(c.Value, 1));
        }
        settings.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await review.ReviewAsync(await db.Suppliers.Include(s => s.Documents).ToListAsync(cancellationToken), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new SourcingSettingsResponse(settings.SourcingThreshold, settings.MarketplaceFeePercent, settings.CountryRisk));
    }

    private static async Task<Ok<List<SourcingCandidateResponse>>> ListCandidates(string? status, Guid? supplierId, CommerceDb db, CancellationToken cancellationToken)
    {
        var query = db.SourcingCandidates.AsNoTracking();
        if (status.Trimmed() is { } wanted)
        {
            query = query.Where(c => c.Status == wanted.ToLowerInvariant());
        }
        if (supplierId is { } supplier)
        {
            query = query.Where(c => c.SupplierId == supplier);
        }
        var candidates = await query.OrderByDescending(c => c.Score).ThenBy(c => c.Name).Take(500)
            .Join(db.Suppliers, c => c.SupplierId, s => s.Id, (c, s) => new { Candidate = c, Supplier = s.Name }).ToListAsync(cancellationToken);
        return TypedResults.Ok(candidates.Select(c => c.Candidate.ToResponse(c.Supplier)).ToList());
    }

    private static async Task<Results<Ok<SourcingCandidateResponse>, ProblemHttpResult>> GetCandidate(Guid id, CommerceDb db, CancellationToken cancellationToken)
    {
        var found = await db.SourcingCandidates.AsNoTracking().Where(c => c.Id == id)
            .Join(db.Suppliers, c => c.SupplierId, s => s.Id, (c, s) => new { Candidate = c, Supplier = s.Name }).FirstOrDefaultAsync(cancellationToken);
        return found is null ? RecordProblems.NotFound("sourcing candidate") : TypedResults.Ok(found.Candidate.ToResponse(found.Supplier));
    }

    [GeneratedRegex("^[A-Za-z]{2}$")]
    private static partial Regex CountryCode();
}
