using System.Net.Http.Json;
using BizOSaaS.Hub.Tenancy;
using BizOSaaS.Platform.Tenancy;
using BizOSaaS.ServiceDefaults.Discovery;
using Microsoft.Extensions.ServiceDiscovery;

namespace BizOSaaS.Hub.PlatformAdmin;

/// <summary>A read a service answers for the tenant of the token it is given.</summary>
public sealed record ServiceQuery(string Service, string Path, string What)
{
    /// <summary>crm's lead statistics: total, by status, demo leads, new per day (30 days).</summary>
    public static readonly ServiceQuery LeadStats = new("crm", "/api/leads/stats", "lead figures");

    /// <summary>commerce's product count (<c>{"count": n}</c>).</summary>
    public static readonly ServiceQuery ProductCount = new("commerce", "/api/products/count", "product count");

    /// <summary>commerce's net sales over the revenue window: currency, orders, revenue, average order value.</summary>
    public static readonly ServiceQuery Sales = new("commerce", $"/api/orders/stats?days={RevenueBreakdownResponse.Window}", "sales figures");
}

/// <summary>What a service answered for one tenant, or why there is no answer.</summary>
public sealed record TenantAnswer<T>(T? Value, string? Reason) where T : class;

public sealed record CountBody(long Count);

/// <summary>
/// Asks a service once per tenant, each time with a service token acting for that tenant, so the service's own
/// row-level security decides what it answers. A replica that does not answer is passed over for the next one; a
/// tenant the platform does not act for (suspended, trial ended) and a service none of whose replicas answers give
/// no value, with the reason.
/// </summary>
public sealed class TenantServiceReads(
    HttpClient http, ServiceEndpointResolver endpoints, TenantContext tenantContext, TimeProvider clock, ILogger<TenantServiceReads> logger)
{
    /// <summary>How long a page waits for one answer, over every replica tried.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(8);

    /// <summary>Which replica is asked first, in turn, so the reads are spread over them.</summary>
    private static int _turn;

    public async Task<Dictionary<Guid, TenantAnswer<T>>> ReadAsync<T>(ServiceQuery query, IReadOnlyList<Tenant> tenants, CancellationToken cancellationToken)
        where T : class
    {
        var now = clock.GetUtcNow();
        var replicas = await endpoints.AddressesAsync(query.Service, cancellationToken);
        var answers = await Task.WhenAll(tenants.Select(async tenant => (tenant.Id, Answer:
            !tenant.IsOpen(now) ? new TenantAnswer<T>(null, $"{tenant.Name} is {tenant.Status.ToString().ToLowerInvariant()}; the platform does not act for a closed tenant.")
            : replicas.Count == 0 ? new TenantAnswer<T>(null, $"Service discovery knows no address for {query.Service}.")
            : await ReadForAsync<T>(query, tenant, replicas, cancellationToken))));
        return answers.ToDictionary(a => a.Id, a => a.Answer);
    }

    private async Task<TenantAnswer<T>> ReadForAsync<T>(ServiceQuery query, Tenant tenant, IReadOnlyList<string> replicas, CancellationToken cancellationToken)
        where T : class
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
                using var response = await http.GetAsync($"{replica}{query.Path}", timeout.Token);
                if ((int)response.StatusCode >= 500)
                {
                    failure = $"{query.Service} answered {(int)response.StatusCode}.";
                    logger.LogWarning("{Replica} answered {Status} to the {What} of {Tenant}", replica, (int)response.StatusCode, query.What, tenant.Name);
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                {
                    logger.LogWarning("{Replica} answered {Status} to the {What} of {Tenant}", replica, (int)response.StatusCode, query.What, tenant.Name);
                    return new TenantAnswer<T>(null, $"{query.Service} answered {(int)response.StatusCode} when asked for the {query.What}.");
                }
                var body = await response.Content.ReadFromJsonAsync<T>(timeout.Token);
                return new TenantAnswer<T>(body, body is null ? $"{query.Service} answered without the {query.What}." : null);
            }
            catch (HttpRequestException ex) when (ex.StatusCode is { } status)
            {
                // Only the token request carries a status; another replica would not change the hub's answer.
                logger.LogWarning("No service token for {Tenant}: {Reason}", tenant.Name, ex.Message);
                return new TenantAnswer<T>(null, $"The hub refused a token to ask {query.Service} ({(int)status}).");
            }
            catch (HttpRequestException ex)
            {
                logger.LogWarning("{Replica} did not answer the {What} of {Tenant}: {Reason}", replica, query.What, tenant.Name, ex.Message);
                failure = $"{query.Service} could not be reached.";
            }
            catch (System.Text.Json.JsonException ex)
            {
                logger.LogWarning("{Replica} answered the {What} of {Tenant} with something else: {Reason}", replica, query.What, tenant.Name, ex.Message);
                return new TenantAnswer<T>(null, $"{query.Service}'s answer could not be read.");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("{Service} did not answer the {What} of {Tenant} within {Limit}", query.Service, query.What, tenant.Name, AnswerWithin);
                return new TenantAnswer<T>(null, $"{query.Service} did not answer within {AnswerWithin.TotalSeconds:0} s.");
            }
        }
        return new TenantAnswer<T>(null, failure ?? $"{query.Service} could not be reached.");
    }
}
