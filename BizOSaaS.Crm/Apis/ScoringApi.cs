using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Scoring;
using BizOSaaS.Crm.Setup;
using BizOSaaS.Crm.Validation;
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
            .MapPut("/settings", Update).WithSummary("Replaces the scoring settings (tenant admins); every lead is rescored in the background.");
        return app;
    }

    private static async Task<Ok<ScoringSettingsResponse>> Get(CrmDb db, TenantCrmDefaults defaults, CancellationToken cancellationToken)
    {
        // Read fresh rather than cached: the answer says whether a rescore is still running.
        await defaults.EnsureAsync(cancellationToken);
        return TypedResults.Ok(ScoringSettingsResponse.From(await db.ScoringSettings.AsNoTracking().FirstAsync(cancellationToken)));
    }

    private static async Task<Results<Ok<ScoringSettingsResponse>, ValidationProblem>> Update(
        ScoringSettingsRequest request, CrmDb db, TenantCrmDefaults defaults, ScoringSettingsStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        await defaults.EnsureAsync(cancellationToken);
        var settings = await db.ScoringSettings.FirstAsync(cancellationToken);
        var errors = new FieldErrors();
        int Weight(string field, int? value) => errors.Range(field, value, 0, 100) ?? 0;
        settings.CompanySizeWeight = Weight("companySizeWeight", request.CompanySizeWeight);
        settings.IndustryWeight = Weight("industryWeight", request.IndustryWeight);
        settings.SeniorityWeight = Weight("seniorityWeight", request.SeniorityWeight);
        settings.EmailDomainWeight = Weight("emailDomainWeight", request.EmailDomainWeight);
        if (settings.CompanySizeWeight + settings.IndustryWeight + settings.SeniorityWeight + settings.EmailDomainWeight != 100)
        {
            errors.Add("companySizeWeight", "The four fit weights must add up to 100.");
        }
        if (request.FitShare is not (>= 0 and <= 1))
        {
            errors.Add("fitShare", "fitShare must be between 0 and 1 (the share of the score that comes from fit).");
        }
        settings.FitShare = request.FitShare ?? settings.FitShare;
        settings.TargetIndustries = errors.Tags("targetIndustries", request.TargetIndustries);
        settings.NotePoints = errors.Range("notePoints", request.NotePoints, 0, 100) ?? settings.NotePoints;
        settings.EmailPoints = errors.Range("emailPoints", request.EmailPoints, 0, 100) ?? settings.EmailPoints;
        settings.CallPoints = errors.Range("callPoints", request.CallPoints, 0, 100) ?? settings.CallPoints;
        settings.MeetingPoints = errors.Range("meetingPoints", request.MeetingPoints, 0, 100) ?? settings.MeetingPoints;
        settings.TaskPoints = errors.Range("taskPoints", request.TaskPoints, 0, 100) ?? settings.TaskPoints;
        if (request.HalfLifeDays is not (>= 1 and <= 365))
        {
            errors.Add("halfLifeDays", "halfLifeDays must be between 1 and 365.");
        }
        settings.HalfLifeDays = request.HalfLifeDays ?? settings.HalfLifeDays;
        settings.HotThreshold = errors.Range("hotThreshold", request.HotThreshold, 1, 100) ?? settings.HotThreshold;
        settings.WarmThreshold = errors.Range("warmThreshold", request.WarmThreshold, 0, 99) ?? settings.WarmThreshold;
        settings.HighValueThreshold = errors.Range("highValueThreshold", request.HighValueThreshold, 1, 100) ?? settings.HighValueThreshold;
        if (settings.WarmThreshold >= settings.HotThreshold)
        {
            errors.Add("warmThreshold", "warmThreshold must be below hotThreshold.");
        }
        if (errors.Any)
        {
            return CrmProblems.Invalid(errors);
        }
        var now = clock.GetUtcNow();
        settings.UpdatedAt = now;
        settings.RescoreRequestedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await store.InvalidateAsync(cancellationToken);
        return TypedResults.Ok(ScoringSettingsResponse.From(settings));
    }
}
