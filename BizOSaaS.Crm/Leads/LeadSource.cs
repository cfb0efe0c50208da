using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Crm.Leads;

/// <summary>Where a tenant's leads come from: a list each tenant keeps (starting with the defaults).</summary>
public sealed class LeadSource : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>Lower-case identifier stored on leads, e.g. <c>website</c>.</summary>
    public required string Key { get; set; }
    public required string Label { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public static readonly IReadOnlyList<(string Key, string Label)> Defaults =
    [
        ("website", "Website"), ("referral", "Referral"), ("event", "Event"), ("social", "Social media"),
        ("email_campaign", "Email campaign"), ("advertising", "Advertising"), ("partner", "Partner"), ("import", "Import"), ("other", "Other"),
    ];
}
