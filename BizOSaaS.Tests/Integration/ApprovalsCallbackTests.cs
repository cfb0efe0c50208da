using System.Net;
using System.Text.Json;
using BizOSaaS.Hosting.Orchestration;
using BizOSaaS.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static BizOSaaS.Tests.Integration.ApprovalsTestClient;

namespace BizOSaaS.Tests.Integration;

/// <summary>Callbacks through the outbox: written with the decision, sent to the origin service through service
/// discovery with a service token, and retried with backoff while the origin is down.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ApprovalsCallbackTests(PlatformFixture platform)
{
    private const string CallbackPath = "/api/approvals/decisions";

    private readonly ApprovalsTestClient _approvals = new(platform);

    [Fact]
    public async Task A_decision_writes_its_callback_with_it_and_the_outbox_retries_while_the_origin_is_down()
    {
        using var service = await _approvals.ServiceAsync(PlatformTokens.CorelDove);
        using var admin = await _approvals.PersonAsync("admin@coreldove.dev");
        var key = $"lead:{Guid.NewGuid()}";
        var id = Id(await CreateAsync(service, new
        {
            type = "lead_qualification",
            title = "Qualify Grace Hopper",
            payload = new { leadId = Guid.NewGuid(), score = 93, reasons = new[] { "enterprise domain", "VP title" } },
            originService = "crm",
            callbackPath = CallbackPath,
            idempotencyKey = key,
        }));
        Assert.Equal(0, await _approvals.CountAsync(PlatformTokens.CorelDove, "SELECT count(*) FROM approval_callbacks WHERE request_id = $1", id));

        var orchestrator = platform.App.Services.GetRequiredService<Orchestrator>();
        Assert.True(await orchestrator.ExecuteAsync("crm-0", "stop"));
        Assert.True(await orchestrator.ExecuteAsync("crm-1", "stop"));
        try
        {
            var (status, decided) = await ActAsync(admin, "approve", id, "Call her this week");
            Assert.Equal(HttpStatusCode.OK, status);

            // Attempts are recorded, each a failure, each waiting longer than the one before.
            JsonElement callback = default;
            await WaitUntilAsync(async () =>
            {
                callback = (await DetailAsync(admin, id)).GetProperty("callbacks").EnumerateArray().Single();
                return callback.GetProperty("attempts").GetInt32() >= 3;
            }, "three delivery attempts are recorded while crm is down");
            Assert.Equal(JsonValueKind.Null, callback.GetProperty("deliveredAt").ValueKind);
            Assert.False(string.IsNullOrEmpty(callback.GetProperty("lastError").GetString()));
            Assert.Equal("crm", callback.GetProperty("originService").GetString());
            Assert.True(callback.GetProperty("nextAttemptAt").GetDateTimeOffset() > callback.GetProperty("lastAttemptAt").GetDateTimeOffset());

            // The outbox row holds the contract the origin receives.
            var body = await CallbackBodyAsync(id);
            Assert.Equal(id, body.GetProperty("requestId").GetGuid());
            Assert.Equal(PlatformTokens.CorelDove, body.GetProperty("tenantId").GetGuid());
            Assert.Equal("lead_qualification", body.GetProperty("type").GetString());
            Assert.Equal("approved", body.GetProperty("status").GetString());
            Assert.Equal("admin@coreldove.dev", body.GetProperty("decidedBy").GetString());
            Assert.Equal(decided.GetProperty("decidedAt").GetDateTimeOffset(), body.GetProperty("decidedAt").GetDateTimeOffset());
            Assert.Equal("Call her this week", body.GetProperty("comment").GetString());
            Assert.Equal(key, body.GetProperty("idempotencyKey").GetString());
            Assert.Equal(93, body.GetProperty("payload").GetProperty("score").GetInt32());
        }
        finally
        {
            Assert.True(await orchestrator.ExecuteAsync("crm-0", "start"));
            Assert.True(await orchestrator.ExecuteAsync("crm-1", "start"));
            await platform.App.WaitForHealthyAsync("crm");
        }
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

        var expiredBody = await CallbackBodyAsync(expiring);
        Assert.Equal("rejected", expiredBody.GetProperty("status").GetString());
        Assert.Equal("system", expiredBody.GetProperty("decidedBy").GetString());
        var cancelledBody = await CallbackBodyAsync(cancelled);
        Assert.Equal("cancelled", cancelledBody.GetProperty("status").GetString());
        Assert.Equal("bizosaas-services", cancelledBody.GetProperty("decidedBy").GetString());
        Assert.Equal(0, await _approvals.CountAsync(PlatformTokens.Bizoholic, "SELECT count(*) FROM approval_callbacks WHERE request_id = $1", silent));
    }

    private async Task<JsonElement> CallbackBodyAsync(Guid requestId)
    {
        var tenant = (await _approvals.CountAsync(PlatformTokens.CorelDove, "SELECT count(*) FROM approval_callbacks WHERE request_id = $1", requestId)) > 0
            ? PlatformTokens.CorelDove
            : PlatformTokens.Bizoholic;
        await using var connection = _approvals.HubDb();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await TenantSql.SetTenantAsync(connection, transaction, tenant);
        await using var command = new NpgsqlCommand("SELECT body::text FROM approval_callbacks WHERE request_id = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = requestId });
        return JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!).RootElement.Clone();
    }
}
