using System.Security.Claims;
using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.History;
using BizOSaaS.Crm.People;
using BizOSaaS.Crm.Setup;
using BizOSaaS.Platform.Caching;
using BizOSaaS.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Crm.Leads;

/// <summary>
/// Checks a <see cref="LeadRequest"/> and writes it onto a lead, the same for creating, editing and importing: the
/// request's attributes (through <see cref="RequestValidator"/>) and the rules that need the tenant's data
/// (<see cref="CheckTenantRules"/>, the owner), all in one pass so one answer names every field to fix.
/// </summary>
public sealed class LeadEditor(CrmDb db, TenantCache cache, TenantCrmDefaults defaults, TenantPeople people, RequestValidator validator)
{
    public static readonly string[] SourcesTag = ["lead-sources"];

    public async Task ApplyAsync(Lead lead, LeadRequest request, ClaimsPrincipal user, FieldErrors errors, bool isNew, CancellationToken cancellationToken)
    {
        errors.Add(await validator.ValidateAsync(request, cancellationToken));
        lead.Name = request.Name.Trimmed() ?? "";
        lead.Email = request.Email.Trimmed() ?? "";
        lead.Phone = request.Phone.Trimmed();
        lead.Company = request.Company.Trimmed();
        lead.JobTitle = request.JobTitle.Trimmed();
        lead.Industry = request.Industry.Trimmed();
        lead.CompanySize = request.CompanySize;
        lead.Tags = TagListAttribute.Clean(request.Tags);
        lead.NextFollowUpAt = request.NextFollowUpAt;
        var sources = request.Source.Trimmed() is null ? [] : await SourceKeysAsync(cancellationToken);
        errors.Add(CheckTenantRules(request, isNew ? null : lead.Status, sources));
        lead.Status = StatusOf(request) ?? (isNew ? LeadStatuses.New : lead.Status);
        lead.Source = SourceOf(request);

        await Owners.AssignAsync(request.OwnerId, isNew, user, people, errors, (id, name) => (lead.OwnerId, lead.OwnerName) = (id, name),
            lead.OwnerId, cancellationToken);
        lead.RefreshKeys();
    }

    /// <summary>
    /// What a lead request must also satisfy in this tenant: its source is one of the tenant's lead sources, and its
    /// status one a person may set (converted comes only from converting; a converted lead may keep it).
    /// </summary>
    public static FieldErrors CheckTenantRules(LeadRequest request, string? currentStatus, IReadOnlyCollection<string> sources)
    {
        var errors = new FieldErrors();
        if (StatusOf(request) is { } status && status != currentStatus && !LeadStatuses.Settable.Contains(status))
        {
            errors.Add("status", $"status must be one of: {string.Join(", ", LeadStatuses.Settable)}.");
        }
        if (SourceOf(request) is { } source && !sources.Contains(source))
        {
            errors.Add("source", $"source must be one of your tenant's lead sources: {string.Join(", ", sources.Order())}.");
        }
        return errors;
    }

    private static string? StatusOf(LeadRequest request) => request.Status.Trimmed()?.ToLowerInvariant();

    private static string? SourceOf(LeadRequest request) => request.Source.Trimmed()?.ToLowerInvariant();

    /// <summary>The tenant's lead source keys (cached as tenant configuration).</summary>
    public async Task<List<string>> SourceKeysAsync(CancellationToken cancellationToken)
    {
        await defaults.EnsureAsync(cancellationToken);
        return await cache.GetOrCreateAsync(CacheCategory.TenantConfig, "lead-sources",
            async token => await db.LeadSources.AsNoTracking().OrderBy(s => s.Key).Select(s => s.Key).ToListAsync(token), SourcesTag, cancellationToken);
    }
}
