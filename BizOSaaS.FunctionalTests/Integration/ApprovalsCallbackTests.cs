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
        JsonElement request = default;
        await WaitUntilAsync(async () => (request = await QualificationRequestAsync(admin, lead)).ValueKind != JsonValueKind.Undefined,
            "the crm's lead-qualification request is in the queue");
        var id = Id(request);
        Assert.Equal("crm", request.GetProperty("originService").GetString());
        Assert.Equal(CallbackPath, request.GetProperty("callbackPath").GetString());
        Assert.Equal("bizosaas-services", request.GetProperty("requestedBy").GetProperty("client").GetString());

        await platform.StopAsync("crm");
        JsonElement decided;
        try
        {
            HttpStatusCode status;
            (status, decided) = await ActAsync(admin, "approve", id, "Call her this week");
            Assert.Equal(HttpStatusCode.OK, status);

            // Attempts are recorded, each a failure, each waiting longer than the one before.
            JsonElement failing = default;
            await WaitUntilAsync(async () => (failing = await CallbackAsync(admin, id)).GetProperty("attempts").GetInt32() >= 2,
                "two delivery attempts are recorded while crm is down");
            Assert.Equal(JsonValueKind.Null, failing.GetProperty("deliveredAt").ValueKind);
            Assert.False(string.IsNullOrEmpty(failing.GetProperty("lastError").GetString()));
            Assert.True(failing.GetProperty("nextAttemptAt").GetDateTimeOffset() > failing.GetProperty("lastAttemptAt").GetDateTimeOffset());
        }
        finally
        {
            await platform.StartAsync("crm");
        }

        JsonElement callback = default;
        await WaitUntilAsync(async () => (callback = await CallbackAsync(admin, id)).GetProperty("deliveredAt").ValueKind != JsonValueKind.Null,
            "the callback is delivered once crm is back", TimeSpan.FromMinutes(3));
        Assert.Equal(200, callback.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal("qualified", (await crm.GetFromJsonAsync<JsonElement>($"/api/leads/{lead}")).GetProperty("status").GetString());

        // The outbox row holds the contract the crm received.
        var body = await CallbackBodyAsync(PlatformTokens.CorelDove, id);
        Assert.Equal(id, body.GetProperty("requestId").GetGuid());
        Assert.Equal(PlatformTokens.CorelDove, body.GetProperty("tenantId").GetGuid());
        Assert.Equal("lead_qualification", body.GetProperty("type").GetString());
        Assert.Equal("approved", body.GetProperty("status").GetString());
        Assert.Equal("admin@coreldove.dev", body.GetProperty("decidedBy").GetString());
        Assert.Equal(decided.GetProperty("decidedAt").GetDateTimeOffset(), body.GetProperty("decidedAt").GetDateTimeOffset());
        Assert.Equal("Call her this week", body.GetProperty("comment").GetString());
        Assert.Equal(request.GetProperty("idempotencyKey").GetString(), body.GetProperty("idempotencyKey").GetString());
        Assert.Equal(lead, body.GetProperty("payload").GetProperty("leadId").GetGuid());

        // Delivery is at least once; the same callback again (as after a hub dying mid-attempt) changes nothing.
        using (var again = await _approvals.ServiceAsync(PlatformTokens.CorelDove, "crm"))
        using (var repeated = await again.PostAsync(CallbackPath, new StringContent(body.GetRawText(), System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        }
        var notes = (await crm.GetFromJsonAsync<List<JsonElement>>($"/api/activities?leadId={lead}"))!
            .Count(a => a.GetProperty("subject").GetString() == "Qualification approved by admin@coreldove.dev");
        Assert.Equal(1, notes);
        var trail = (await crm.GetFromJsonAsync<List<JsonElement>>($"/api/leads/{lead}/history"))!
            .Count(c => c.GetProperty("action").GetString() == "qualification_approved");
        Assert.Equal(1, trail);
    }

    [Fact]
    public async Task Expiry_and_cancellation_are_called_back_too_and_a_request_without_an_origin_is_not()
    {
        using var service = await _approvals.ServiceAsync(PlatformTokens.Bizoholic);
        using var admin = await _approvals.PersonAsync("admin@bizoholic.dev");
        var now = DateTimeOffset.UtcNow;
        var expiring = Id(await CreateAsync(service, new
        {
            type = "content_generation",
            title = $"Newsletter {Marker()}",
            originService = "crm",
            callbackPath = CallbackPath,
            dueAt = now.AddSeconds(3),
            expiresAt = now.AddSeconds(4),
        }));
        var cancelled = Id(await CreateAsync(service, new { type = "content_generation", title = $"Banner {Marker()}", originService = "crm", callbackPath = CallbackPath }));
        var silent = Id(await CreateAsync(service, new { type = "content_generation", title = $"No origin {Marker()}" }));

        Assert.Equal(HttpStatusCode.OK, (await ActAsync(service, "cancel", cancelled, "Campaign withdrawn")).Status);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(service, "cancel", silent)).Status);
        await WaitUntilAsync(async () => (await DetailAsync(admin, expiring)).GetProperty("request").GetProperty("status").GetString() == "rejected",
            "the content request is rejected automatically at its expiry");

        var expiredBody = await CallbackBodyAsync(PlatformTokens.Bizoholic, expiring);
        Assert.Equal("rejected", expiredBody.GetProperty("status").GetString());
        Assert.Equal("system", expiredBody.GetProperty("decidedBy").GetString());
        var cancelledBody = await CallbackBodyAsync(PlatformTokens.Bizoholic, cancelled);
        Assert.Equal("cancelled", cancelledBody.GetProperty("status").GetString());
        Assert.Equal("bizosaas-services", cancelledBody.GetProperty("decidedBy").GetString());
        Assert.Equal(0, await _approvals.CountAsync(PlatformTokens.Bizoholic, "SELECT count(*) FROM approval_callbacks WHERE request_id = $1", silent));
    }

    /// <summary>The crm's lead-qualification request for <paramref name="lead"/> in the queue, if it is there yet.</summary>
    private static async Task<JsonElement> QualificationRequestAsync(HttpClient client, Guid lead)
    {
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"{Hitl}/queue?type=lead_qualification&limit=100{(cursor is null ? "" : "&cursor=" + cursor)}");
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                if (item.GetProperty("payload").TryGetProperty("leadId", out var id) && id.ValueKind == JsonValueKind.String
                    && id.TryGetGuid(out var found) && found == lead)
                {
                    return item;
                }
            }
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return default;
    }

    private static async Task<JsonElement> CallbackAsync(HttpClient client, Guid requestId) =>
        (await DetailAsync(client, requestId)).GetProperty("callbacks").EnumerateArray().Single();

    private static async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
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
