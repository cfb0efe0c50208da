using System.Net.Http.Json;
using BizOSaaS.Platform.Caching;
using Microsoft.Extensions.Hosting;

namespace BizOSaaS.Crm.People;

/// <summary>The people of the caller's tenant, from the hub (<c>/api/brain/tenant/people</c>) with the caller's token,
/// cached as user data: owners of leads and deals must be members of the tenant.</summary>
public sealed class TenantPeople(HttpClient http, TenantCache cache, ILogger<TenantPeople> logger)
{
    public static readonly Uri HubAddress = new(PlatformAuthenticationExtensions.DefaultAuthority);
    private static readonly string[] Tags = ["people"];

    /// <summary>The member with that id, or null; throws <see cref="HttpRequestException"/> when the hub cannot say.</summary>
    public async Task<PersonResponse?> FindAsync(Guid userId, CancellationToken cancellationToken)
    {
        var people = await cache.GetOrCreateAsync(CacheCategory.UserData, "people", async token =>
        {
            var list = await http.GetFromJsonAsync<List<PersonResponse>>("/api/brain/tenant/people", token);
            logger.LogDebug("Read {Count} people of the tenant from the hub", list?.Count);
            return list ?? [];
        }, Tags, cancellationToken);
        return people.FirstOrDefault(p => p.UserId == userId);
    }
}
