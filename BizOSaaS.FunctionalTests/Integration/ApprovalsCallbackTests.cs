using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using static BizOSaaS.FunctionalTests.Integration.ApprovalsTestClient;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>Callbacks through the outbox, end to end with the crm's receiver: written with the decision, sent to the
/// origin service through service discovery with a service token, retried with backoff while it is down, and
/// applied once however often it arrives.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ApprovalsCallbackTests(PlatformFixture platform)
{
    private const string CallbackPath = "/api/approvals/decisions";

    private readonly ApprovalsTestClient _approvals = new(platform);

    [Fact]
    public async Task A_decision_made_while_the_crm_is_down_reaches_it_once_it_is_back_with_exactly_one_effect()
    {
        using var crm = await _approvals.Tokens.ClientAsync("crm", "admin@coreldove.dev");
        using var admin = await _approvals.PersonAsync("admin@coreldove.dev");
        // A lead the CRM scores past the high-value threshold: it asks the queue for a qualification, as a service.
        var lead = await CreatedIdAsync(await crm.PostAsJsonAsync("/api/leads", new
        {
            name = "Grace Hopper",
            email = $"grace-{Guid.NewGuid():N}@navy-approvals.example",
            company = "Navy Systems",
            jobTitle = "CEO",
            industry = "Software",
            companySize = 5000,
        }));
        for (var i = 0; i < 3; i++)
        {
            (await crm.PostAsJsonAsync("/api/activities", new { kind = "meeting", subject = "Workshop", leadId = lead })).EnsureSuccessStatusCode();
        }
        ApprovalResponse? request = null;
        await WaitUntilAsync(async () => (request = await QualificationRequestAsync(admin, lead)) is not null,
            "the crm's lead-qualification request is in the queue");
        var id = request!.Id;
        Assert.Equal("crm", request.OriginService);
        Assert.Equal(CallbackPath, request.CallbackPath);
        Assert.Equal("bizosaas-services", request.RequestedBy.Client);

        await platform.StopAsync("crm");
        ApprovalResponse? decided;
        try
        {
            HttpStatusCode status;
            (status, decided, _) = await ActAsync(admin, "approve", id, "Call her this week");
            Assert.Equal(HttpStatusCode.OK, status);

            // Attempts are recorded, each a failure, each waiting longer than the one before.
            (ApprovalCallbackResponse Callback, JsonElement Json) failing = (null!, default);
            await WaitUntilAsync(async () => (failing = await CallbackAsync(admin, id)).Callback.Attempts >= 2,
                "two delivery attempts are recorded while crm is down");
            // Raw: not delivered yet is null in the JSON itself, not left out.
            Assert.Equal(JsonValueKind.Null, failing.Json.GetProperty("deliveredAt").ValueKind);
            Assert.False(string.IsNullOrEmpty(failing.Callback.LastError));
            Assert.NotNull(failing.Callback.LastAttemptAt);
            Assert.True(failing.Callback.NextAttemptAt > failing.Callback.LastAttemptAt);
        }
        finally
        {
            await platform.StartAsync("crm");
        }

        ApprovalCallbackResponse? callback = null;
        await WaitUntilAsync(async () => (callback = (await CallbackAsync(admin, id)).Callback).DeliveredAt is not null,
            "the callback is delivered once crm is back", TimeSpan.FromMinutes(3));
        Assert.Equal(200, callback!.LastStatusCode);
        Assert.Equal("qualified", (await crm.GetFromJsonAsync<LeadResponse>($"/api/leads/{lead}"))!.Status);

        // The outbox row holds the contract the crm received.
        var json = await CallbackBodyAsync(PlatformTokens.CorelDove, id);
        var body = json.Deserialize<ApprovalCallbackBody>(JsonSerializerOptions.Web)!;
        Assert.Equal(id, body.RequestId);
        Assert.Equal(PlatformTokens.CorelDove, body.TenantId);
        Assert.Equal("lead_qualification", body.Type);
        Assert.Equal("approved", body.Status);
        Assert.Equal("admin@coreldove.dev", body.DecidedBy);
        Assert.NotNull(body.DecidedAt);
        Assert.Equal(decided?.DecidedAt, body.DecidedAt);
        Assert.Equal("Call her this week", body.Comment);
        Assert.Equal(request.IdempotencyKey, body.IdempotencyKey);
        // The payload is the crm's own JSON: no record describes it.
        Assert.Equal(lead, body.Payload.GetProperty("leadId").GetGuid());

        // Delivery is at least once; the same callback again (as after a hub dying mid-attempt) changes nothing.
        using (var again = await _approvals.ServiceAsync(PlatformTokens.CorelDove, "crm"))
        using (var repeated = await again.PostAsync(CallbackPath, new StringContent(json.GetRawText(), System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        }
        var notes = (await crm.GetFromJsonAsync<List<ActivityResponse>>($"/api/activities?leadId={lead}"))!
            .Count(a => a.Subject == "Qualification approved by admin@coreldove.dev");
        Assert.Equal(1, notes);
        var trail = (await crm.GetFromJsonAsync<List<RecordChangeResponse>>($"/api/leads/{lead}/history"))!
            .Count(c => c.Action == "qualification_approved");
        Assert.Equal(1, trail);
    }

    [Fact]
    public async Task Expiry_and_cancellation_are_called_back_too_and_a_request_without_an_origin_is_not()
    {
        using var service = await _approvals.ServiceAsync(PlatformTokens.Bizoholic);
        using var admin = await _approvals.PersonAsync("admin@bizoholic.dev");
        var now = DateTimeOffset.UtcNow;
        var expiring = (await CreateAsync(service, new
        {
            type = "content_generation",
            title = $"Newsletter {Marker()}",
            originService = "crm",
            callbackPath = CallbackPath,
            dueAt = now.AddSeconds(3),
            expiresAt = now.AddSeconds(4),
        })).Id;
        var cancelled = (await CreateAsync(service, new { type = "content_generation", title = $"Banner {Marker()}", originService = "crm", callbackPath = CallbackPath })).Id;
        var silent = (await CreateAsync(service, new { type = "content_generation", title = $"No origin {Marker()}" })).Id;

        Assert.Equal(HttpStatusCode.OK, (await ActAsync(service, "cancel", cancelled, "Campaign withdrawn")).Status);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(service, "cancel", silent)).Status);
        await WaitUntilAsync(async () => (await DetailAsync(admin, expiring)).Request.Status == "rejected",
            "the content request is rejected automatically at its expiry");

        var expiredBody = (await CallbackBodyAsync(PlatformTokens.Bizoholic, expiring)).Deserialize<ApprovalCallbackBody>(JsonSerializerOptions.Web)!;
        Assert.Equal("rejected", expiredBody.Status);
        Assert.Equal("system", expiredBody.DecidedBy);
        var cancelledBody = (await CallbackBodyAsync(PlatformTokens.Bizoholic, cancelled)).Deserialize<ApprovalCallbackBody>(JsonSerializerOptions.Web)!;
        Assert.Equal("cancelled", cancelledBody.Status);
        Assert.Equal("bizosaas-services", cancelledBody.DecidedBy);
        Assert.Equal(0, await _approvals.CountAsync(PlatformTokens.Bizoholic, "SELECT count(*) FROM approval_callbacks WHERE request_id = $1", silent));
    }

    /// <summary>The crm's lead-qualification request for <paramref name="lead"/> in the queue, if it is there yet.</summary>
    private static async Task<ApprovalResponse?> QualificationRequestAsync(HttpClient client, Guid lead)
    {
        string? cursor = null;
        do
        {
            var page = (await client.GetFromJsonAsync<ApprovalPage>($"{Hitl}/queue?type=lead_qualification&limit=100{(cursor is null ? "" : "&cursor=" + cursor)}"))!;
            foreach (var item in page.Items)
            {
                if (item.Payload.TryGetProperty("leadId", out var id) && id.ValueKind == JsonValueKind.String
                    && id.TryGetGuid(out var found) && found == lead)
                {
                    return item;
                }
            }
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return null;
    }

    /// <summary>The request's one callback, typed and as JSON (to tell a null member from a missing one).</summary>
    private static async Task<(ApprovalCallbackResponse Callback, JsonElement Json)> CallbackAsync(HttpClient client, Guid requestId)
    {
        var json = (await client.GetFromJsonAsync<JsonElement>($"{Hitl}/requests/{requestId}")).GetProperty("callbacks").EnumerateArray().Single();
        return (json.Deserialize<ApprovalCallbackResponse>(JsonSerializerOptions.Web)!, json);
    }

    private static async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<LeadResponse>())!.Id;
        }
    }

    /// <summary>The outbox row's body, read from hubdb as the hub's runtime role under the tenant's row-level security.</summary>
    private async Task<JsonElement> CallbackBodyAsync(Guid tenant, Guid requestId)
    {
        await using var connection = _approvals.HubDb();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await TenantSql.SetTenantAsync(connection, transaction, tenant);
        await using var command = new NpgsqlCommand("SELECT body::text FROM approval_callbacks WHERE request_id = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = requestId });
        return JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!).RootElement.Clone();
    }
}
