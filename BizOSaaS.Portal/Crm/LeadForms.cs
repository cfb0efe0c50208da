namespace BizOSaaS.Portal.Crm;

/// <summary>The lead form as the page binds it; sent as the crm's <see cref="LeadRequest"/>, and a PUT replaces every field,
/// so it carries the fields the form does not show (the next follow-up) as they were.</summary>
public sealed record LeadForm
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Company { get; set; }
    public string? JobTitle { get; set; }
    public string? Industry { get; set; }
    public int? CompanySize { get; set; }
    public string? Source { get; set; }
    public string? Status { get; set; }
    public Guid? OwnerId { get; set; }
    public List<string?> Tags { get; set; } = [];
    public DateTimeOffset? NextFollowUpAt { get; set; }

    public static LeadForm From(LeadResponse lead) => new()
    {
        Name = lead.Name,
        Email = lead.Email,
        Phone = lead.Phone,
        Company = lead.Company,
        JobTitle = lead.JobTitle,
        Industry = lead.Industry,
        CompanySize = lead.CompanySize,
        Source = lead.Source,
        Status = lead.Status,
        OwnerId = lead.OwnerId,
        Tags = [.. lead.Tags],
        NextFollowUpAt = lead.NextFollowUpAt,
    };

    public LeadRequest ToRequest() =>
        new(Name, Email, Phone, Company, JobTitle, Industry, CompanySize, Source, Status, OwnerId, Tags, NextFollowUpAt);
}

/// <summary>The filters of the lead list, as the page holds them.</summary>
public sealed record LeadListFilter(string? Q, string? Status, string? Rating, string? Source, string? Tag, int? MinScore, int? MaxScore, string Sort, string? Order)
{
    public string ToQuery()
    {
        var parts = new List<string>();
        void Add(string key, object? value)
        {
            if (value is not null && value.ToString() is { Length: > 0 } text)
            {
                parts.Add($"{key}={Uri.EscapeDataString(text)}");
            }
        }
        Add("q", Q);
        Add("status", Status);
        Add("rating", Rating);
        Add("source", Source);
        Add("tag", Tag);
        Add("minScore", MinScore);
        Add("maxScore", MaxScore);
        Add("sort", Sort);
        Add("order", Order);
        return string.Join('&', parts);
    }
}
