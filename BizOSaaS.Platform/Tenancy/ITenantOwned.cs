namespace BizOSaaS.Platform.Tenancy;

/// <summary>
/// A row that belongs to one tenant. Its table gets a <c>tenant_id</c> column under forced row-level
/// security (<see cref="TenantIsolation"/>), and new rows are stamped with the current tenant.
/// </summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}
