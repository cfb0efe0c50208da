using BizOSaaS.Commerce.Suppliers;

namespace BizOSaaS.Commerce.Sourcing;

/// <summary>
/// The seam a marketplace connector (Amazon, eBay, a wholesaler's API) plugs into (ADR 30): it turns the offers it reads
/// with the tenant's own account into feed rows, which then go through the same checks, scoring and approvals as an
/// uploaded feed. A connector is registered as a keyed service under its <see cref="Name"/>
/// (<c>AddKeyedScoped&lt;IMarketplaceConnector, AmazonConnector&gt;("amazon")</c>) and finds the tenant's credentials in
/// the deployment's secret store; the platform ships none, so no tenant's feed is ever made up.
/// </summary>
public interface IMarketplaceConnector
{
    string Name { get; }

    /// <summary>The offers of <paramref name="supplier"/> on the marketplace as feed rows, or the reason they could not be
    /// read (no credentials for this tenant, the marketplace refused) for the tenant to act on.</summary>
    Task<(IReadOnlyList<FeedRow>? Rows, string? Problem)> FetchAsync(Guid tenantId, Supplier supplier, CancellationToken cancellationToken);
}
