using System.Net.Http.Headers;
using BizOSaaS.Ui.Identity;
using BizOSaaS.Ui.PlatformStatus;

namespace BizOSaaS.Portal.Crm;

/// <summary>
/// <c>GET /crm/leads/export?…</c>: the browser's download of the lead list as CSV. The Portal asks the crm (through the
/// gateway, with the person's own token) and streams the answer through as it arrives.
/// </summary>
public static class LeadExportEndpoint
{
    public const string HttpClientName = "crm-export";

    public static IServiceCollection AddLeadExport(this IServiceCollection services)
    {
        // Exports run longer than the standard resilience handler's 30 s total timeout allows; the client gets its own.
        // RemoveAllResilienceHandlers is marked for evaluation; it is the documented way to opt one client out.
#pragma warning disable EXTEXP0001
        services.AddHttpClient(HttpClientName, client =>
        {
            client.BaseAddress = HubStatusClient.HubAddress;
            client.Timeout = TimeSpan.FromMinutes(10);
        }).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return services;
    }

    public static IEndpointRouteBuilder MapLeadExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/crm/leads/export", ExportAsync).RequireAuthorization(PlatformSignIn.AppPolicy);
        return app;
    }

    private static async Task ExportAsync(HttpContext context, IHttpClientFactory clients, CancellationToken cancellationToken)
    {
        var token = context.User.FindFirst(PlatformSignIn.AccessTokenClaim)?.Value;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{CrmClient.Base}/leads/export{context.Request.QueryString}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var http = clients.CreateClient(HttpClientName);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "text/plain";
        if (response.Content.Headers.ContentDisposition is { } disposition)
        {
            context.Response.Headers.ContentDisposition = disposition.ToString();
        }
        await response.Content.CopyToAsync(context.Response.Body, cancellationToken);
    }
}
