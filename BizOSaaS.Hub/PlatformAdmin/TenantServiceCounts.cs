using System.Net.Http.Json;
using BizOSaaS.Hub.Tenancy;
using BizOSaaS.ServiceDefaults.Tenancy;

namespace BizOSaaS.Hub.PlatformAdmin;

/// <summary>A count a service answers for the tenant of the token it is given (<c>{"count": n}</c>).</summary>
public sealed record CountSource(string Service, string Path, string What)
{
    public static readonly CountSource Leads = new("crm", "/api/leads/count", "leads");
    public static readonly CountSource Products = new("commerce", "/api/products/count", "products");
}

/// <summary>
/// Asks a service for a count once per tenant, each time with a service token acting for that tenant, so
/// the service's own row-level security decides what is counted. A tenant the platform does not act for
/// (suspended, trial ended) and a service that does not answer give an unavailable figure with the reason.
/// </summary>
public sealed class TenantServiceCounts(HttpClient http, TenantContext tenantContext, TimeProvider clock, ILogger<TenantServiceCounts> logger)
{
    /// <summary>How long a page waits for one count, retry included.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(8);

    public async Task<Dictionary<Guid, Figure>> CountAsync(CountSource source, IReadOnlyList<Tenant> tenants, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var figures = await Task.WhenAll(tenants.Select(async tenant => (tenant.Id, Figure: tenant.IsOpen(now)
            ? await CountForAsync(source, tenant, cancellationToken)
            : Figure.Unavailable($"{tenant.Name} is {tenant.Status.ToString().ToLowerInvariant()}; the platform does not act for a closed tenant."))));
        return figures.ToDictionary(f => f.Id, f => f.Figure);
    }

    private async Task<Figure> CountForAsync(CountSource source, Tenant tenant, CancellationToken cancellationToken)
    {
        // Each parallel call runs in its own async flow, so each sees only its own tenant.
        using (tenantContext.Use(tenant.Id))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AnswerWithin);
            try
            {
                using var response = await http.GetAsync($"http://{source.Service}{source.Path}", timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    logger.LogWarning("{Service} answered {Status} to the {What} count of {Tenant}", source.Service, (int)response.StatusCode, source.What, tenant.Name);
                    return Figure.Unavailable($"{source.Service} answered {(int)response.StatusCode} when asked for the {source.What} count.");
                }
                var body = await response.Content.ReadFromJsonAsync<CountBody>(timeout.Token);
                return body is null ? Figure.Unavailable($"{source.Service} answered without a count.") : Figure.Of(body.Count);
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException
                || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                logger.LogWarning("{Service} did not answer the {What} count of {Tenant}: {Reason}", source.Service, source.What, tenant.Name, ex.Message);
                return Figure.Unavailable(ex switch
                {
                    OperationCanceledException => $"{source.Service} did not answer within {AnswerWithin.TotalSeconds:0} s.",
                    System.Text.Json.JsonException => $"{source.Service}'s answer could not be read.",
                    // Only the token request carries a status; a service that is down has none.
                    HttpRequestException { StatusCode: { } status } => $"The hub refused a token to ask {source.Service} ({(int)status}).",
                    _ => $"{source.Service} could not be reached.",
                });
            }
        }
    }

    private sealed record CountBody(long Count);
}
