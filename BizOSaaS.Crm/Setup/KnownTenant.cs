namespace BizOSaaS.Crm.Setup;

/// <summary>A tenant that has used the crm (written with its defaults). Holds only the tenant id, so background
/// work (outbox deliveries, rescoring) finds its tenants without reading across them; all their data stays
/// under row-level security.</summary>
public sealed class KnownTenant
{
    public Guid TenantId { get; set; }
    public DateTimeOffset Since { get; set; }
}
