using System.Net.Http.Json;

namespace BizOSaaS.Hub.Tenancy;

/// <summary>Asks the CRM how many leads the caller's tenant has, with the caller's own token.</summary>
public sealed class CrmLeadCounter(HttpClient http, ILogger<CrmLeadCounter> logger)
{
    public static readonly Uri CrmAddress = new("http://crm");

    public async Task<long?> CountAsync(CancellationToken cancellationToken)
    {
        try
        {
            var count = await http.GetFromJsonAsync<LeadCount>("/api/leads/count", cancellationToken);
            return count?.Count;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The CRM did not answer the lead count: {Reason}", ex.Message);
            return null;
        }
    }
}
