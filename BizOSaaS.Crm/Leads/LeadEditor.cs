using System.Security.Claims;
using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.History;
using BizOSaaS.Crm.People;
using BizOSaaS.Crm.Setup;
using BizOSaaS.Crm.Validation;
using BizOSaaS.Platform.Caching;
using BizOSaaS.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Crm.Leads;

/// <summary>Checks a <see cref="LeadRequest"/> and writes it onto a lead: the same rules for creating and editing.</summary>
public sealed class LeadEditor(CrmDb db, TenantCache cache, TenantCrmDefaults defaults, TenantPeople people)
{
    public static readonly string[] SourcesTag = ["lead-sources"];

    public async Task ApplyAsync(Lead lead, LeadRequest request, ClaimsPrincipal user, FieldErrors errors, bool isNew, CancellationToken cancellationToken)
    {
        lead.Name = errors.Required("name", request.Name, 200);
        lead.Email = errors.Email("email", request.Email);
        lead.Phone = errors.Phone("phone", request.Phone);
        lead.Company = errors.Optional("company", request.Company, 200);
        lead.JobTitle = errors.Optional("jobTitle", request.JobTitle, 200);
        lead.Industry = errors.Optional("industry", request.Industry, 100);
        lead.CompanySize = errors.Range("companySize", request.CompanySize, 1, 10_000_000);
        lead.Tags = errors.Tags("tags", request.Tags);
        lead.NextFollowUpAt = request.NextFollowUpAt;

        var status = string.IsNullOrWhiteSpace(request.Status) ? (isNew ? LeadStatuses.New : lead.Status) : request.Status.Trim().ToLowerInvariant();
        // Converted comes only from converting; a converted lead keeps it.
        if (status != lead.Status || isNew)
        {
            lead.Status = errors.OneOf("status", status, LeadStatuses.Settable);
        }

        var source = string.IsNullOrWhiteSpace(request.Source) ? null : request.Source.Trim().ToLowerInvariant();
        if (source is not null)
        {
            var sources = await SourceKeysAsync(cancellationToken);
            if (!sources.Contains(source))
            {
                errors.Add("source", $"source must be one of your tenant's lead sources: {string.Join(", ", sources)}.");
            }
        }
        lead.Source = source;

        await Owners.AssignAsync(request.OwnerId, isNew, user, people, errors, (id, name) => (lead.OwnerId, lead.OwnerName) = (id, name),
            lead.OwnerId, cancellationToken);
        lead.RefreshKeys();
    }

    /// <summary>The tenant's lead source keys (cached as tenant configuration).</summary>
    public async Task<List<string>> SourceKeysAsync(CancellationToken cancellationToken)
    {
        await defaults.EnsureAsync(cancellationToken);
        return await cache.GetOrCreateAsync(CacheCategory.TenantConfig, "lead-sources",
            async token => await db.LeadSources.AsNoTracking().OrderBy(s => s.Key).Select(s => s.Key).ToListAsync(token), SourcesTag, cancellationToken);
    }
}
