using System.Security.Claims;
using BizOSaaS.Hub.Approvals;
using BizOSaaS.Hub.Audit;
using BizOSaaS.Hub.Data;
using BizOSaaS.Hub.Tenancy;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BizOSaaS.Hub.Approvals;

/// <summary>The approval type registry (platform admins add types without a release) and a tenant's due times per priority.</summary>
public static class ApprovalTypesApi
{
    private const int MaxDueMinutes = 30 * 24 * 60;

    public static IEndpointRouteBuilder MapApprovalTypesApi(this IEndpointRouteBuilder app)
    {
        var types = app.MapGroup("/api/brain/hitl/types").WithTags("Approvals").RequireAuthorization();
        types.MapGet("/", ListTypes).WithSummary("The registered approval types with their expiry policy and candidate roles.");
        types.MapPost("/", RegisterType).RequireAuthorization(PlatformPolicies.PlatformAdmin).RequireRateLimiting(RateLimitTiers.Admin)
            .WithSummary("Registers a new approval type for every tenant (platform admins; audited). 409 when the name is taken.");

        var settings = app.MapGroup("/api/brain/hitl/settings").WithTags("Approvals").RequireAuthorization(PlatformPolicies.TenantUser);
        settings.MapGet("/", GetSettings).WithSummary("The tenant's due times per priority, in minutes (the platform's defaults until a tenant admin sets them).");
        settings.MapPut("/", PutSettings).RequireAuthorization(PlatformPolicies.TenantAdmin)
            .WithSummary("Sets the tenant's due times per priority (tenant admins; audited). Applies to requests created from now on.");
        return app;
    }

    private static async Task<Ok<List<ApprovalTypeResponse>>> ListTypes(HubDb db, CancellationToken cancellationToken)
    {
        var all = await db.ApprovalTypes.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(all.Select(ApprovalTypeResponse.From).ToList());
    }

    private static async Task<Results<Created<ApprovalTypeResponse>, ValidationProblem, ProblemHttpResult>> RegisterType(
        RegisterApprovalTypeRequest request, ClaimsPrincipal user, HubDb db, AuditLog audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (!ApprovalRules.IsTypeName(request.Name))
        {
            errors.Add("name", "name must be 3 to 60 characters of snake_case (a-z, 0-9, _), starting with a letter.");
        }
        var displayName = request.DisplayName?.Trim();
        if (string.IsNullOrEmpty(displayName) || displayName.Length > 100)
        {
            errors.Add("displayName", "displayName is required, at most 100 characters.");
        }
        if (request.ExpiryPolicy is null || !ApprovalExpiryPolicies.All.Contains(request.ExpiryPolicy))
        {
            errors.Add("expiryPolicy", $"expiryPolicy must be one of: {string.Join(", ", ApprovalExpiryPolicies.All)}.");
        }
        if (request.ExpiresAfterHours is not { } hours || hours < 1 || hours > 366 * 24)
        {
            errors.Add("expiresAfterHours", "expiresAfterHours must be between 1 and 8784 (a year).");
        }
        var roles = request.CandidateRoles?.Distinct(StringComparer.Ordinal).ToList() ?? [PlatformRoles.TenantAdmin];
        if (roles.Count == 0 || roles.Any(r => !ApprovalRules.CandidateRoleNames.Contains(r)))
        {
            errors.Add("candidateRoles", $"candidateRoles must name one or more of: {string.Join(", ", ApprovalRules.CandidateRoleNames)}.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        if (await db.ApprovalTypes.AnyAsync(t => t.Name == request.Name, cancellationToken))
        {
            return TypeTaken(request.Name!);
        }

        var caller = await TenantApi.CallerAsync(user, db, cancellationToken);
        var type = new ApprovalType
        {
            Name = request.Name!,
            DisplayName = displayName!,
            ExpiryPolicy = request.ExpiryPolicy!,
            ExpiresAfter = TimeSpan.FromHours(request.ExpiresAfterHours!.Value),
            CandidateRoles = roles,
            CreatedAt = ApprovalRules.Stored(clock.GetUtcNow()),
            CreatedBy = caller.Email,
        };
        db.ApprovalTypes.Add(type);
        try
        {
            await audit.RecordAsync(null, AuditEventTypes.ApprovalTypeRegistered,
                $"Approval type {type.Name} ({type.DisplayName}): {type.ExpiryPolicy} after {request.ExpiresAfterHours} h, decided by {string.Join(", ", roles)}",
                caller, cancellationToken: cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return TypeTaken(type.Name);
        }
        return TypedResults.Created($"/api/brain/hitl/types/{type.Name}", ApprovalTypeResponse.From(type));
    }

    private static async Task<Ok<ApprovalSettingsResponse>> GetSettings(ApprovalQueue queue, CancellationToken cancellationToken) =>
        TypedResults.Ok(SettingsResponse(await queue.CurrentSettingsAsync(cancellationToken)));

    private static async Task<Results<Ok<ApprovalSettingsResponse>, ValidationProblem>> PutSettings(
        ApprovalSettingsRequest request, ClaimsPrincipal user, HubDb db, AuditLog audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var due = request.DueMinutes;
        var errors = new FieldErrors();
        var values = new[] { ("urgent", due?.Urgent), ("high", due?.High), ("medium", due?.Medium), ("low", due?.Low) };
        foreach (var (name, minutes) in values)
        {
            if (minutes is not { } m || m < 1 || m > MaxDueMinutes)
            {
                errors.Add($"dueMinutes.{name}", $"dueMinutes.{name} is required, between 1 and {MaxDueMinutes} (30 days).");
            }
        }
        if (!errors.Any && !(due!.Urgent <= due.High && due.High <= due.Medium && due.Medium <= due.Low))
        {
            errors.Add("dueMinutes", "A more urgent priority cannot be due later than a less urgent one (urgent ≤ high ≤ medium ≤ low).");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var caller = await TenantApi.CallerAsync(user, db, cancellationToken);
        var settings = new ApprovalSettings
        {
            Id = Guid.CreateVersion7(),
            UrgentDueAfter = TimeSpan.FromMinutes(due!.Urgent!.Value),
            HighDueAfter = TimeSpan.FromMinutes(due.High!.Value),
            MediumDueAfter = TimeSpan.FromMinutes(due.Medium!.Value),
            LowDueAfter = TimeSpan.FromMinutes(due.Low!.Value),
            ChangedAt = ApprovalRules.Stored(clock.GetUtcNow()),
            ChangedBy = caller.Email,
        };
        db.ApprovalSettings.Add(settings);
        await audit.RecordAsync(user.TenantId(), AuditEventTypes.ApprovalSettingsChanged,
            $"Approval due times (minutes): urgent {due.Urgent}, high {due.High}, medium {due.Medium}, low {due.Low}", caller, cancellationToken: cancellationToken);
        return TypedResults.Ok(SettingsResponse(settings));
    }

    private static ApprovalSettingsResponse SettingsResponse(ApprovalSettings? settings)
    {
        int Minutes(ApprovalPriority priority) => (int)(settings?.DueAfter(priority) ?? ApprovalRules.DefaultDueAfter[priority]).TotalMinutes;
        return new ApprovalSettingsResponse(
            new ApprovalDueMinutes(Minutes(ApprovalPriority.Urgent), Minutes(ApprovalPriority.High), Minutes(ApprovalPriority.Medium), Minutes(ApprovalPriority.Low)),
            settings is null, settings?.ChangedAt, settings?.ChangedBy);
    }

    private static ProblemHttpResult TypeTaken(string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Type already registered", detail: $"An approval type named {name} exists.");
}
