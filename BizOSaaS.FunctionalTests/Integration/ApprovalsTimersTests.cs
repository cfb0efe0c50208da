using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using static BizOSaaS.FunctionalTests.Integration.ApprovalsTestClient;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>The durable timers: due dates and expiry stored in PostgreSQL and acted on by the hub's worker, also
/// when they passed while the hub was not running.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ApprovalsTimersTests(PlatformFixture platform)
{
    private readonly ApprovalsTestClient _approvals = new(platform);

    [Fact]
    public async Task A_request_past_its_due_date_escalates_once_with_history_and_audit()
    {
        using var service = await _approvals.ServiceAsync(PlatformTokens.Bizoholic);
        using var admin = await _approvals.PersonAsync("admin@bizoholic.dev");
        var title = $"Validate supplier {Marker()}";
        var id = (await CreateAsync(service, new { type = "supplier_validation", priority = "low", title, dueAt = DateTimeOffset.UtcNow.AddSeconds(3) })).Id;

        var detail = await EscalatedAsync(admin, id);
        Assert.Equal("medium", detail.Request.Priority);
        var escalated = detail.History.Single(e => e.Kind == "escalated");
        Assert.Equal("low", escalated.FromPriority);
        Assert.Equal("medium", escalated.ToPriority);
        Assert.Equal("system", escalated.Actor);
        Assert.Contains(await AuditAsync(admin, "approval.escalated"), d => d.Contains(title) && d.Contains("low → medium"));

        // Once: a later request escalating proves the timer has scanned again since, and the first is left as it was.
        var later = (await CreateAsync(service, new { type = "supplier_validation", priority = "low", title = $"Later {Marker()}", dueAt = DateTimeOffset.UtcNow.AddSeconds(3) })).Id;
        await EscalatedAsync(admin, later);
        var again = await DetailAsync(admin, id);
        Assert.Equal("medium", again.Request.Priority);
        Assert.Single(HistoryKinds(again), k => k == "escalated");
        Assert.Equal("pending", again.Request.Status);
    }

    [Fact]
    public async Task A_due_date_that_passes_while_the_hub_is_stopped_is_escalated_after_it_starts_again()
    {
        using var service = await _approvals.ServiceAsync(PlatformTokens.CorelDove);
        var dueAt = DateTimeOffset.UtcNow.AddSeconds(4);
        var id = (await CreateAsync(service, new { type = "product_sourcing", priority = "high", title = $"Across a restart {Marker()}", dueAt })).Id;

        using (var beforeKill = await _approvals.PersonAsync("admin@coreldove.dev"))
        {
            // Raw: not escalated yet is null in the JSON itself, not left out.
            Assert.Equal(JsonValueKind.Null, (await beforeKill.GetFromJsonAsync<JsonElement>($"{Hitl}/requests/{id}")).GetProperty("request").GetProperty("escalatedAt").ValueKind);
        }
        var pid = platform.Kill("hub");
        var killedAt = DateTimeOffset.UtcNow;
        Assert.True(killedAt < dueAt, "the hub must be stopped before the request is due");
        await platform.WaitUntilRestartedAsync("hub", 0, pid);

        using var admin = await _approvals.PersonAsync("admin@coreldove.dev");
        var detail = await EscalatedAsync(admin, id);
        var request = detail.Request;
        Assert.Equal("urgent", request.Priority);
        Assert.True(request.EscalatedAt > killedAt);
        Assert.Equal(["created", "escalated"], HistoryKinds(detail));
    }

    private static async Task<ApprovalDetailResponse> EscalatedAsync(HttpClient client, Guid id)
    {
        ApprovalDetailResponse? detail = null;
        await WaitUntilAsync(async () => (detail = await DetailAsync(client, id)).Request.EscalatedAt is not null, $"request {id} is escalated");
        return detail!;
    }
}
