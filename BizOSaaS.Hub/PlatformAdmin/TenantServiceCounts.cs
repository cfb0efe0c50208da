using System.Net.Http.Json;
using BizOSaaS.Hub.Tenancy;
using BizOSaaS.ServiceDefaults.Tenancy;
using Microsoft.Extensions.ServiceDiscovery;

namespace BizOSaaS.Hub.PlatformAdmin;

/// <summary>A count a service answers for the tenant of the token it is given (<c>{"count": n}</c>).</summary>
public sealed record CountSource(string Service, string Path, string What)
{
    public static readonly CountSource Leads = new("crm", "/api/leads/count", "leads");
    public static readonly CountSource Products = new("commerce", "/api/products/count", "products");
}

/// <summary>
/// Asks a service for a count once per tenant, each time with a service token acting for that tenant, so the
/// service's own row-level security decides what is counted. A replica that does not answer is passed over for
/// the next one; a tenant the platform does not act for (suspended, trial ended) and a service none of whose
/// replicas answers give an unavailable figure with the reason.
/// </summary>
public sealed class TenantServiceCounts(
    HttpClient http, ServiceEndpointResolver endpoints, TenantContext tenantContext, TimeProvider clock, ILogger<TenantServiceCounts> logger)
{
    /// <summary>How long a page waits for one count, over every replica tried.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(8);

    /// <summary>Which replica is asked first, in turn, so the counts are spread over them.</summary>
    private static int _turn;

    public async Task<Dictionary<Guid, Figure>> CountAsync(CountSource source, IReadOnlyList<Tenant> tenants, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var replicas = await endpoints.AddressesAsync(source.Service, cancellationToken);
        var figures = await Task.WhenAll(tenants.Select(async tenant => (tenant.Id, Figure:
            !tenant.IsOpen(now) ? Figure.Unavailable($"{tenant.Name} is {tenant.Status.ToString().ToLowerInvariant()}; the platform does not act for a closed tenant.")
            : replicas.Count == 0 ? Figure.Unavailable($"Service discovery knows no address for {source.Service}.")
            : await CountForAsync(source, tenant, replicas, cancellationToken))));
        return figures.ToDictionary(f => f.Id, f => f.Figure);
    }

    private async Task<Figure> CountForAsync(CountSource source, Tenant tenant, IReadOnlyList<string> replicas, CancellationToken cancellationToken)
    {
        // Each parallel call runs in its own async flow, so each sees only its own tenant.
        using var acting = tenantContext.Use(tenant.Id);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AnswerWithin);
        var first = Interlocked.Increment(ref _turn);
        string? failure = null;
        for (var attempt = 0; attempt < replicas.Count; attempt++)
        {
            var replica = replicas[(int)((uint)(first + attempt) % replicas.Count)];
            try
            {
                using var response = await http.GetAsync($"{replica}{source.Path}", timeout.Token);
                if ((int)response.StatusCode >= 500)
                {
                    failure = $"{source.Service} answered {(int)response.StatusCode}.";
                    logger.LogWarning("{Replica} answered {Status} to the {What} count of {Tenant}", replica, (int)response.StatusCode, source.What, tenant.Name);
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                {
                    logger.LogWarning("{Replica} answered {Status} to the {What} count of {Tenant}", replica, (int)response.StatusCode, source.What, tenant.Name);
                    return Figure.Unavailable($"{source.Service} answered {(int)response.StatusCode} when asked for the {source.What} count.");
                }
                var body = await response.Content.ReadFromJsonAsync<CountBody>(timeout.Token);
                return body is null ? Figure.Unavailable($"{source.Service} answered without a count.") : Figure.Of(body.Count);
            }
            catch (HttpRequestException ex) when (ex.StatusCode is { } status)
            {
                // Only the token request carries a status; another replica would not change the hub's answer.
                logger.LogWarning("No service token for {Tenant}: {Reason}", tenant.Name, ex.Message);
                return Figure.Unavailable($"The hub refused a token to ask {source.Service} ({(int)status}).");
            }
            catch (HttpRequestException ex)
            {
                logger.LogWarning("{Replica} did not answer the {What} count of {Tenant}: {Reason}", replica, source.What, tenant.Name, ex.Message);
                failure = $"{source.Service} could not be reached.";
            }
            catch (System.Text.Json.JsonException ex)
            {
                logger.LogWarning("{Replica} answered the {What} count of {Tenant} with something else: {Reason}", replica, source.What, tenant.Name, ex.Message);
                return Figure.Unavailable($"{source.Service}'s answer could not be read.");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("{Service} did not answer the {What} count of {Tenant} within {Limit}", source.Service, source.What, tenant.Name, AnswerWithin);
                return Figure.Unavailable($"{source.Service} did not answer within {AnswerWithin.TotalSeconds:0} s.");
            }
        }
        return Figure.Unavailable(failure ?? $"{source.Service} could not be reached.");
    }

    private sealed record CountBody(long Count);
}
