using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Leads;
using BizOSaaS.Crm.Setup;
using BizOSaaS.Platform.Caching;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BizOSaaS.Crm.Apis;

/// <summary>The tenant's list of lead sources; a lead's source must be on it. Tenant admins keep the list.</summary>
public static class LeadSourcesApi
{
    public static IEndpointRouteBuilder MapLeadSourcesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/lead-sources").WithTags("Lead sources").RequireAuthorization(PlatformPolicies.TenantUser)
            .MapGet("/", List).WithSummary("The tenant's lead sources and how many leads each has.");
        var write = app.MapGroup("/api/lead-sources").WithTags("Lead sources").RequireAuthorization(PlatformPolicies.TenantUser, PlatformPolicies.TenantAdmin);
        write.MapPost("/", Create).ProducesValidationProblem().WithSummary("Adds a lead source (tenant admins); key is lower-case letters, digits and underscores.");
        write.MapDelete("/{id:guid}", Delete).WithSummary("Removes a lead source no lead uses (tenant admins).");
        return app;
    }

    private static async Task<Ok<List<LeadSourceResponse>>> List(CrmDb db, TenantCrmDefaults defaults, CancellationToken cancellationToken)
    {
        await defaults.EnsureAsync(cancellationToken);
        var counts = await db.Leads.Where(l => l.Source != null).GroupBy(l => l.Source!).Select(g => new { g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var sources = await db.LeadSources.AsNoTracking().OrderBy(s => s.Label).ToListAsync(cancellationToken);
        return TypedResults.Ok(sources.Select(s => new LeadSourceResponse(s.Id, s.Key, s.Label, counts.GetValueOrDefault(s.Key))).ToList());
    }

    private static async Task<Results<Created<LeadSourceResponse>, ProblemHttpResult>> Create(
        LeadSourceRequest request, CrmDb db, TenantCrmDefaults defaults, TenantCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        await defaults.EnsureAsync(cancellationToken);
        var key = request.Key!.Trim().ToLowerInvariant();
        var label = request.Label!.Trim();
        var source = new LeadSource { Id = Guid.CreateVersion7(), Key = key, Label = label, CreatedAt = clock.GetUtcNow() };
        db.LeadSources.Add(source);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return RecordProblems.Conflict("Duplicate lead source", $"Your tenant already has the lead source {key}.");
        }
        await cache.InvalidateAsync(LeadEditor.SourcesTag, cancellationToken);
        return TypedResults.Created($"/api/lead-sources/{source.Id}", new LeadSourceResponse(source.Id, key, label, 0));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, CrmDb db, TenantCache cache, CancellationToken cancellationToken)
    {
        var source = await db.LeadSources.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (source is null)
        {
            return RecordProblems.NotFound("Lead source");
        }
        if (await db.Leads.AnyAsync(l => l.Source == source.Key, cancellationToken))
        {
            return RecordProblems.Conflict("Lead source in use", $"Leads still come from {source.Label}; change their source first.");
        }
        db.LeadSources.Remove(source);
        await db.SaveChangesAsync(cancellationToken);
        await cache.InvalidateAsync(LeadEditor.SourcesTag, cancellationToken);
        return TypedResults.NoContent();
    }
}
