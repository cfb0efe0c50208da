using System.Diagnostics;

namespace BizOSaaS.Platform.Tenancy;

/// <summary>
/// The tenant the current request or job acts for, flowing with the async call like
/// <c>IHttpContextAccessor</c>. Set from the access token by <c>UseTenantContext()</c>; background work
/// sets it with <see cref="Use"/>. No tenant means the database shows no tenant rows at all.
/// </summary>
public sealed class TenantContext
{
    /// <summary>The span attribute naming the tenant a request or job acts for.</summary>
    public const string TenantIdTag = "tenant.id";

    private static readonly AsyncLocal<Guid?> Current = new();

    public Guid? TenantId => Current.Value;

    public Guid RequiredTenantId => Current.Value
        ?? throw new InvalidOperationException("No tenant is set for this unit of work.");

    /// <summary>Acts for <paramref name="tenantId"/> until the returned scope is disposed.</summary>
    public IDisposable Use(Guid? tenantId)
    {
        var previous = Current.Value;
        Current.Value = tenantId;
        if (tenantId is { } tenant)
        {
            // The request's (or job's) span says whose work it is, so a trace can be found by tenant.
            Activity.Current?.SetTag(TenantIdTag, tenant.ToString());
        }
        return new Restore(previous);
    }

    private sealed class Restore(Guid? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
