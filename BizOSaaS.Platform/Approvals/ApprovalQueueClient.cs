using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Hosting;

namespace BizOSaaS.Platform.Approvals;

/// <summary>What a service asks a person to decide: sent to the hub's approval queue, answered later at
/// <see cref="CallbackPath"/> of <see cref="OriginService"/> with an <see cref="ApprovalDecision"/>.</summary>
public sealed record ApprovalSubmission(string Type, string Priority, string Title, string Summary, JsonElement Payload,
    string OriginService, string IdempotencyKey, string RequestedByAgent, string CallbackPath = ApprovalQueueClient.CallbackPath);

/// <summary>The hub's approval queue (<c>POST /api/brain/hitl/requests</c>), called with a service token for the current tenant.</summary>
public sealed class ApprovalQueueClient(HttpClient http)
{
    public static readonly Uri HubAddress = new(PlatformAuthenticationExtensions.DefaultAuthority);

    /// <summary>Where every service receives the queue's decisions.</summary>
    public const string CallbackPath = "/api/approvals/decisions";

    public sealed record Delivery(bool Accepted, Guid? ApprovalRequestId, string? Error, bool Permanent = false);

    public async Task<Delivery> SubmitAsync(ApprovalSubmission submission, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/brain/hitl/requests", new
        {
            type = submission.Type,
            priority = submission.Priority,
            title = submission.Title,
            summary = submission.Summary,
            payload = submission.Payload,
            originService = submission.OriginService,
            callbackPath = submission.CallbackPath,
            idempotencyKey = submission.IdempotencyKey,
            requestedByAgent = submission.RequestedByAgent,
        }, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return new Delivery(true, body.TryGetProperty("id", out var id) && id.TryGetGuid(out var guid) ? guid : null, null);
        }
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var error = $"{(int)response.StatusCode} {(text.Length > 500 ? text[..500] : text)}";
        // 400 and 409 will not change by retrying the same body; they are kept, retried slowly, and logged.
        return new Delivery(false, null, error, Permanent: response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict);
    }

    /// <summary>1 s, 2 s, 4 s … after each failed attempt, up to <paramref name="cap"/>.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan cap) =>
        TimeSpan.FromSeconds(Math.Min(cap.TotalSeconds, Math.Pow(2, Math.Clamp(attempts - 1, 0, 16))));
}
