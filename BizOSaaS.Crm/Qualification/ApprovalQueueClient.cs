using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Hosting;

namespace BizOSaaS.Crm.Qualification;

/// <summary>The hub's approval queue (<c>POST /api/brain/hitl/requests</c>), called with a service token for the current tenant.</summary>
public sealed class ApprovalQueueClient(HttpClient http)
{
    public static readonly Uri HubAddress = new(PlatformAuthenticationExtensions.DefaultAuthority);
    public const string CallbackPath = "/api/approvals/decisions";

    public sealed record Delivery(bool Accepted, Guid? ApprovalRequestId, string? Error, bool Permanent = false);

    public async Task<Delivery> SubmitAsync(QualificationRequest request, int score, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/brain/hitl/requests", new
        {
            type = QualificationOutbox.ApprovalType,
            priority = QualificationOutbox.PriorityFor(score),
            title = request.Title,
            summary = request.Summary,
            payload = request.Payload.RootElement,
            originService = "crm",
            callbackPath = CallbackPath,
            idempotencyKey = request.IdempotencyKey,
            requestedByAgent = "crm lead scoring",
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
}
