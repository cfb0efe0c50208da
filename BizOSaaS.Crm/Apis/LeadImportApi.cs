using System.Security.Claims;
using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.History;
using BizOSaaS.Crm.Import;
using BizOSaaS.Crm.Leads;
using BizOSaaS.Platform.Caching;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BizOSaaS.Crm.Apis;

/// <summary>CSV import and export of leads, streamed both ways.</summary>
public static class LeadImportApi
{
    /// <summary>The one endpoint allowed a body over the platform's 10 MB: about a million rows of leads.</summary>
    public const long MaxImportBytes = 200L * 1024 * 1024;

    public static IEndpointRouteBuilder MapLeadImportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/leads").WithTags("Leads").RequireAuthorization(PlatformPolicies.TenantUser);
        api.MapPost("/import", Import)
            .Accepts<string>("text/csv")
            .WithSummary("Imports leads from a text/csv body (up to 200 MB). Columns are found by name; map=field:Column overrides, e.g. map=email:E-mail. Rows are matched by email: a new email creates a lead, a known one updates the filled-in cells. Bad rows are reported (row, field, reason) and nothing of them is written.");
        api.MapGet("/export", Export).WithSummary("The leads of the current filter (same parameters as the list) as CSV, streamed.");
        return app;
    }

    private static async Task<Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>> Import(
        HttpContext context, [FromQuery(Name = "map")] string[]? map, ClaimsPrincipal user, LeadCsvImport importer, TenantCache cache, CancellationToken cancellationToken)
    {
        if (context.Request.ContentType is not { } contentType || !(contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/csv", StringComparison.OrdinalIgnoreCase)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send the file as the body with Content-Type: text/csv.");
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxImportBytes;
        }
        if (context.Request.ContentLength > MaxImportBytes)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large", detail: "An import takes up to 200 MB; split the file.");
        }
        var errors = new FieldErrors();
        var mapping = new Dictionary<string, string>();
        foreach (var entry in map ?? [])
        {
            var parts = entry.Split(':', 2);
            if (parts.Length != 2 || parts[0].Trim().Length == 0 || parts[1].Trim().Length == 0)
            {
                errors.Add("map", $"\"{entry}\" is not field:Column, e.g. map=email:E-mail.");
                continue;
            }
            mapping[parts[0].Trim()] = parts[1].Trim();
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var (report, fileErrors) = await importer.ImportAsync(context.Request.Body, mapping, Actor.From(user), cancellationToken);
        if (report is null)
        {
            return fileErrors.ToProblem();
        }
        if (report.Created + report.Updated > 0)
        {
            await cache.InvalidateAsync(LeadsApi.LeadsTag, cancellationToken);
        }
        return TypedResults.Ok(report);
    }

    private static async Task<Results<EmptyHttpResult, ValidationProblem>> Export(
        [AsParameters] LeadFilter filter, HttpContext context, CrmDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (LeadQuery.Parse(filter, errors) is not { } query)
        {
            return errors.ToProblem();
        }
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"leads-{clock.GetUtcNow():yyyy-MM-dd}.csv\"";
        await LeadCsvExport.WriteAsync(context.Response.Body, query, db, cancellationToken);
        return TypedResults.Empty;
    }
}
