using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.Extensions.Logging;

namespace BizOSaaS.Ui.PlatformStatus;

/// <summary>
/// Reads the platform status from the hub. Failures come back as a <see cref="PlatformStatusResult"/>
/// rather than an exception, so a page can always render something sensible.
/// </summary>
public sealed class HubStatusClient(HttpClient http, ILogger<HubStatusClient> logger)
{
    /// <summary>Resolved by service discovery (<c>services__hub__http__0</c>).</summary>
    public static readonly Uri HubAddress = new("http://hub");

    public const string StatusPath = "/api/brain/status";

    // The resilience handler retries an unreachable hub for a while; a person watching a spinner
    // should get an answer sooner.
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    public async Task<PlatformStatusResult> GetStatusAsync(CancellationToken cancellationToken)
    {
        using CancellationTokenSource limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(WaitLimit);

        try
        {
            using HttpResponseMessage response = await http.GetAsync(StatusPath, limit.Token);

            // A hub that reports a sick platform with an error code still sends the report: show it.
            PlatformStatusResponse? status = await ReadStatusAsync(response, limit.Token);
            if (status is not null)
            {
                return PlatformStatusResult.Success(status);
            }

            logger.LogWarning("The hub answered {StatusCode} to {Path} without a status report", (int)response.StatusCode, StatusPath);
            return PlatformStatusResult.Failure(response.IsSuccessStatusCode
                ? "The hub answered, but its status report could not be read."
                : $"The hub answered with an error ({(int)response.StatusCode} {response.ReasonPhrase}).");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            logger.LogWarning(ex, "The hub did not answer {Path} within {Limit}", StatusPath, WaitLimit);
            return PlatformStatusResult.Failure($"The hub did not answer within {WaitLimit.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException ex)
        {
            // The resilience handler has already logged each failed attempt with its exception.
            logger.LogWarning("The hub could not be reached for {Path}: {Reason}", StatusPath, ex.Message);
            return PlatformStatusResult.Failure("The hub could not be reached.");
        }
    }

    private async Task<PlatformStatusResponse?> ReadStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType is not { } mediaType
            || !mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            PlatformStatusResponse? status = await response.Content.ReadFromJsonAsync<PlatformStatusResponse>(cancellationToken);
            return status is { Status: not null, Services: not null } ? status : null;
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "The hub's status report could not be read");
            return null;
        }
    }
}
