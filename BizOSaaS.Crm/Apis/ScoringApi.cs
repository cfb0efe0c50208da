using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Scoring;
using BizOSaaS.Crm.Setup;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Crm.Apis;

/// <summary>The tenant's lead-scoring weights and thresholds. A change rescores every lead of the tenant in the
/// background (<see cref="LeadRescoring"/>); until it is done, the settings say so.</summary>
public static class ScoringApi
{
    public static IEndpointRouteBuilder MapScoringApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/scoring").WithTags("Lead scoring").RequireAuthorization(PlatformPolicies.TenantUser)
            .MapGet("/settings", Get).WithSummary("The tenant's scoring weights and thresholds.");
        app.MapGroup("/api/scoring").WithTags("Lead scoring").RequireAuthorization(PlatformPolicies.TenantUser, PlatformPolicies.TenantAdmin)
            .MapPut("/settings", Update).ValidatedWithHandlerRules().WithSummary("Replaces the scoring settings (tenant admins); every lead is rescored in the background.");
        return app;
    }

    private static async Task<Ok<ScoringSettingsResponse>> Get(CrmDb db, TenantCrmDefaults defaults, CancellationToken cancellationToken)
    {
        // Read fresh rather than cached: the answer says whether a rescore is still running.
        await defaults.EnsureAsync(cancellationToken);
        return TypedResults.Ok(ScoringSettingsResponse.From(await db.ScoringSettings.AsNoTracking().FirstAsync(cancellationToken)));
    }

    private static async Task<Results<Ok<ScoringSettingsResponse>, ValidationProblem>> Update(
        ScoringSettingsRequest request, CrmDb db, TenantCrmDefaults defaults, ScoringSettingsStore store, RequestValidator validator, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        await defaults.EnsureAsync(cancellationToken);
        var settings = await db.ScoringSettings.FirstAsync(cancellationToken);
        // The request's attributes and the rules across its fields, in one answer.
        var errors = await validator.ValidateAsync(request, cancellationToken);
        settings.CompanySizeWeight = request.CompanySizeWeight ?? 0;
        settings.IndustryWeight = request.IndustryWeight ?? 0;
        settings.SeniorityWeight = request.SeniorityWeight ?? 0;
        settings.EmailDomainWeight = request.EmailDomainWeight ?? 0;
        if (settings.CompanySizeWeight + settings.IndustryWeight + settings.SeniorityWeight + settings.EmailDomainWeight != 100)
        {
            errors.Add("companySizeWeight", "The four fit weights must add up to 100.");
        }
        settings.FitShare = request.FitShare ?? settings.FitShare;
        settings.TargetIndustries = TagListAttribute.Clean(request.TargetIndustries);
        settings.NotePoints = request.NotePoints ?? settings.NotePoints;
        settings.EmailPoints = request.EmailPoints ?? settings.EmailPoints;
        settings.CallPoints = request.CallPoints ?? settings.CallPoints;
        settings.MeetingPoints = request.MeetingPoints ?? settings.MeetingPoints;
        settings.TaskPoints = request.TaskPoints ?? settings.TaskPoints;
        settings.HalfLifeDays = request.HalfLifeDays ?? settings.HalfLifeDays;
        settings.HotThreshold = request.HotThreshold ?? settings.HotThreshold;
        settings.WarmThreshold = request.WarmThreshold ?? settings.WarmThreshold;
        settings.HighValueThreshold = request.HighValueThreshold ?? settings.HighValueThreshold;
        if (settings.WarmThreshold >= settings.HotThreshold)
        {
            errors.Add("warmThreshold", "warmThreshold must be below hotThreshold.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var now = clock.GetUtcNow();
        settings.UpdatedAt = now;
        settings.RescoreRequestedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await store.InvalidateAsync(cancellationToken);
        return TypedResults.Ok(ScoringSettingsResponse.From(settings));
    }
}
