using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using static BizOSaaS.FunctionalTests.Integration.ApprovalsTestClient;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>Approval requests from creation to their end, for every type: claims, decisions, expiry policies,
/// cancellation, the queue's order and pages, the tenant's due times and the type registry.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ApprovalsLifecycleTests(PlatformFixture platform)
{
    private readonly ApprovalsTestClient _approvals = new(platform);

    [Theory]
    [InlineData("product_sourcing", "approve", "approved")]
    [InlineData("lead_qualification", "reject", "rejected")]
    [InlineData("content_generation", "request-changes", "changes_requested")]
    [InlineData("campaign_optimization", "approve", "approved")]
    [InlineData("supplier_validation", "reject", "rejected")]
    public async Task Each_type_goes_from_the_queue_through_a_claim_to_its_final_decision(string type, string action, string status)
    {
        using var service = await _approvals.ServiceAsync(PlatformTokens.CorelDove);
        using var approver = await _approvals.PersonAsync("admin@coreldove.dev");
        var title = $"{type} {Marker()}";

        var created = await CreateAsync(service, new
        {
            type,
            priority = "high",
            title,
            summary = "Proposed by the agent",
            payload = new { product = "Ceramic mug", supplier = "Acme", margin = 0.42 },
            requestedByAgent = "sourcing-agent",
        });
        var id = created.Id;
        Assert.Equal("pending", created.Status);
        Assert.Equal("high", created.Priority);
        Assert.Equal("bizosaas-services", created.RequestedBy.Client);
        Assert.Equal("sourcing-agent", created.RequestedBy.Agent);
        Assert.Equal(["tenant_admin"], created.CandidateRoles);
        // High priority is due 4 h after creation by default.
        Assert.Equal(TimeSpan.FromHours(4), created.DueAt - created.CreatedAt);
        // The payload comes back as sent, in the sender's order.
        Assert.Equal(["product", "supplier", "margin"], created.Payload.EnumerateObject().Select(p => p.Name));

        Assert.Contains(id, await QueueAsync(approver, $"type={type}&priority=high"));
        var (claimStatus, claimed, _) = await ActAsync(approver, "claim", id);
        Assert.Equal(HttpStatusCode.OK, claimStatus);
        Assert.Equal("admin@coreldove.dev", claimed?.AssigneeEmail);
        Assert.Contains(id, await QueueAsync(approver, $"type={type}&assignee=me"));
        Assert.DoesNotContain(id, await QueueAsync(approver, $"type={type}&assignee=unassigned"));

        var (decideStatus, decided, _) = await ActAsync(approver, action, id, "Checked against the supplier list");
        Assert.Equal(HttpStatusCode.OK, decideStatus);
        Assert.NotNull(decided);
        Assert.Equal(status, decided.Status);
        Assert.Equal("admin@coreldove.dev", decided.DecidedBy);
        Assert.Equal("Checked against the supplier list", decided.DecisionComment);

        var detail = await DetailAsync(approver, id);
        Assert.Equal(["created", "claimed", status], HistoryKinds(detail));
        var last = detail.History[2];
        Assert.Equal("pending", last.FromStatus);
        Assert.Equal(status, last.ToStatus);
        Assert.Equal("admin@coreldove.dev", last.Actor);
        // No origin service named: nothing to call back.
        Assert.Empty(detail.Callbacks);

        Assert.DoesNotContain(id, await QueueAsync(approver, $"type={type}"));
        Assert.Contains(id, await QueueAsync(approver, $"type={type}&status={status}"));
        var history = await approver.GetFromJsonAsync<ApprovalPage>($"{Hitl}/history?type={type}&status={status}&limit=5");
        Assert.Contains(id, history!.Items.Select(r => r.Id));

        Assert.Contains(await AuditAsync(approver, "approval.created"), d => d.Contains(title));
        Assert.Contains(await AuditAsync(approver, "approval.decided"), d => d.Contains(title) && d.Contains(status) && d.Contains("admin@coreldove.dev"));
    }

    [Theory]
    [InlineData("product_sourcing", "expired", "expired")]
    [InlineData("supplier_validation", "expired", "expired")]
    [InlineData("content_generation", "rejected", "auto_rejected")]
    [InlineData("campaign_optimization", "rejected", "auto_rejected")]
    public async Task A_request_nobody_decides_ends_by_its_types_expiry_policy(string type, string status, string kind)
    {
        using var service = await _approvals.ServiceAsync(PlatformTokens.Bizoholic);
        using var admin = await _approvals.PersonAsync("admin@bizoholic.dev");
        var title = $"{type} {Marker()}";
        var now = DateTimeOffset.UtcNow;
        var id = (await CreateAsync(service, new { type, title, dueAt = now.AddSeconds(3), expiresAt = now.AddSeconds(4) })).Id;

        ApprovalDetailResponse? detail = null;
        await WaitUntilAsync(async () => (detail = await DetailAsync(admin, id)).Request.Status != "pending",
            $"the {type} request's expiry is acted on");

        var request = detail!.Request;
        Assert.Equal(status, request.Status);
        Assert.Equal("system", request.DecidedBy);
        Assert.Equal(kind, HistoryKinds(detail)[^1]);
        Assert.Contains(await AuditAsync(admin, "approval.expired"), d => d.Contains(title));
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(admin, "approve", id)).Status);
    }

    [Fact]
    public async Task A_pending_request_is_cancelled_by_its_requester_or_a_tenant_admin_and_by_nobody_else()
    {
        using var requester = await _approvals.PersonAsync("member@coreldove.dev");
        using var otherMember = await _approvals.PersonAsync("multi@bizosaas.dev");
        using var admin = await _approvals.PersonAsync("admin@coreldove.dev");
        var mine = (await CreateAsync(requester, new { type = "content_generation", title = $"Blog post {Marker()}" })).Id;
        var anotherTitle = $"Blog post {Marker()}";
        var another = (await CreateAsync(requester, new { type = "content_generation", title = anotherTitle })).Id;

        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(otherMember, "cancel", mine)).Status);
        var (status, cancelled, _) = await ActAsync(requester, "cancel", mine, "Not needed any more");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("cancelled", cancelled?.Status);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(requester, "cancel", mine)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(admin, "approve", mine)).Status);

        Assert.Equal(HttpStatusCode.OK, (await ActAsync(admin, "cancel", another)).Status);
        Assert.Equal(["created", "cancelled"], HistoryKinds(await DetailAsync(admin, another)));
        Assert.Contains(await AuditAsync(admin, "approval.cancelled"), d => d.Contains(anotherTitle) && d.Contains("admin@coreldove.dev"));
    }

    [Fact]
    public async Task The_queue_is_ordered_by_priority_then_due_date_and_pages_through_every_request_once()
    {
        using var platformAdmin = await _approvals.PersonAsync("admin@bizosaas.dev");
        var type = $"queue_order_{Guid.NewGuid():N}"[..40];
        using (var registered = await platformAdmin.PostAsJsonAsync($"{Hitl}/types",
            new { name = type, displayName = "Queue order check", expiryPolicy = "expire", expiresAfterHours = 48 }))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }
        using var service = await _approvals.ServiceAsync(PlatformTokens.ThrillRing);
        var now = DateTimeOffset.UtcNow;
        async Task<Guid> Create(string priority, double dueInHours) =>
            (await CreateAsync(service, new { type, priority, title = $"{priority} +{dueInHours} h", dueAt = now.AddHours(dueInHours) })).Id;
        var urgentLater = await Create("urgent", 5);
        var urgentSooner = await Create("urgent", 4);
        var highSooner = await Create("high", 2);
        var low = await Create("low", 1.5);
        var highLater = await Create("high", 3);
        var medium = await Create("medium", 1);

        using var admin = await _approvals.PersonAsync("admin@thrillring.dev");
        Assert.Equal([urgentSooner, urgentLater, highSooner, highLater, medium, low], await QueueAsync(admin, $"type={type}&limit=2"));
        Assert.Equal([highSooner, highLater], await QueueAsync(admin, $"type={type}&priority=high"));

        // Raw: on the last page the cursor is null in the JSON itself, not left out.
        var firstPage = await admin.GetFromJsonAsync<JsonElement>($"{Hitl}/queue?type={type}&limit=6");
        Assert.Equal(JsonValueKind.Null, firstPage.GetProperty("nextCursor").ValueKind);
        foreach (var bad in new[] { "limit=0", "limit=101", "status=open", "priority=asap", "assignee=someone", "cursor=bm90LWEtY3Vyc29y" })
        {
            using var response = await admin.GetAsync($"{Hitl}/queue?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_tenant_admin_sets_the_due_times_per_priority_and_new_requests_follow_them()
    {
        using var admin = await _approvals.PersonAsync("admin@thrillring.dev");
        using var member = await _approvals.PersonAsync("member@coreldove.dev");
        using var service = await _approvals.ServiceAsync(PlatformTokens.ThrillRing);
        var defaults = new { dueMinutes = new { urgent = 60, high = 240, medium = 1440, low = 4320 } };
        try
        {
            using (var put = await admin.PutAsJsonAsync($"{Hitl}/settings", new { dueMinutes = new { urgent = 30, high = 120, medium = 600, low = 1440 } }))
            {
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            }
            var settings = (await admin.GetFromJsonAsync<ApprovalSettingsResponse>($"{Hitl}/settings"))!;
            Assert.Equal(30, settings.DueMinutes.Urgent);
            Assert.False(settings.IsDefault);
            Assert.Equal("admin@thrillring.dev", settings.ChangedBy);

            var urgent = await CreateAsync(service, new { type = "campaign_optimization", priority = "urgent", title = $"Raise the bid {Marker()}" });
            Assert.Equal(TimeSpan.FromMinutes(30), urgent.DueAt - urgent.CreatedAt);

            using (var forbidden = await member.PutAsJsonAsync($"{Hitl}/settings", defaults))
            {
                Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            }
            using (var inverted = await admin.PutAsJsonAsync($"{Hitl}/settings", new { dueMinutes = new { urgent = 500, high = 120, medium = 600, low = 1440 } }))
            {
                Assert.Equal(HttpStatusCode.BadRequest, inverted.StatusCode);
            }
            using (var missing = await admin.PutAsJsonAsync($"{Hitl}/settings", new { dueMinutes = new { urgent = 30 } }))
            {
                Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
                Assert.True((await missing.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!.Errors.ContainsKey("dueMinutes.high"));
            }
            Assert.Equal(30, (await admin.GetFromJsonAsync<ApprovalSettingsResponse>($"{Hitl}/settings"))!.DueMinutes.Urgent);
            Assert.Contains(await AuditAsync(admin, "approval.settings_changed"), d => d.Contains("urgent 30"));
        }
        finally
        {
            (await admin.PutAsJsonAsync($"{Hitl}/settings", defaults)).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Platform_admins_register_a_new_type_that_every_tenant_can_use_at_once()
    {
        using var platformAdmin = await _approvals.PersonAsync("admin@bizosaas.dev");
        using var tenantAdmin = await _approvals.PersonAsync("admin@bizoholic.dev");
        var name = $"press_release_{Guid.NewGuid():N}"[..30];
        var body = new { name, displayName = "Press release", expiryPolicy = "auto_reject", expiresAfterHours = 12, candidateRoles = new[] { "tenant_admin", "member" } };

        using (var refused = await tenantAdmin.PostAsJsonAsync($"{Hitl}/types", body))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var invalid = await platformAdmin.PostAsJsonAsync($"{Hitl}/types", new { name = "Bad Name", expiryPolicy = "ignore", expiresAfterHours = 0, candidateRoles = new[] { "owner" } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            var errors = (await invalid.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!.Errors;
            Assert.Equal(["candidateRoles", "displayName", "expiresAfterHours", "expiryPolicy", "name"], errors.Keys.Order());
        }
        using (var registered = await platformAdmin.PostAsJsonAsync($"{Hitl}/types", body))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }
        using (var again = await platformAdmin.PostAsJsonAsync($"{Hitl}/types", body))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        var types = await tenantAdmin.GetFromJsonAsync<List<ApprovalTypeResponse>>($"{Hitl}/types");
        var builtIn = types!.Where(t => t.BuiltIn).ToDictionary(t => t.Name, t => t.ExpiryPolicy);
        Assert.Equal(new Dictionary<string, string>
        {
            ["campaign_optimization"] = "auto_reject",
            ["content_generation"] = "auto_reject",
            ["lead_qualification"] = "expire",
            ["product_sourcing"] = "expire",
            ["supplier_validation"] = "expire",
        }, builtIn);
        Assert.Contains(types!, t => t.Name == name && t.DisplayName == "Press release");

        using var service = await _approvals.ServiceAsync(PlatformTokens.Bizoholic);
        var created = await CreateAsync(service, new { type = name, title = "Announce the spring range" });
        Assert.Equal(["tenant_admin", "member"], created.CandidateRoles);
        // 12 h after creation, but never before it is due (medium: 24 h).
        Assert.Equal(TimeSpan.FromHours(24), created.ExpiresAt - created.CreatedAt);
        // A member of Bizoholic decides, as the type says.
        using var member = await _approvals.Tokens.ClientAsync("hub", "multi@bizosaas.dev", tenantId: PlatformTokens.Bizoholic);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(member, "approve", created.Id)).Status);
        Assert.Contains(await AuditAsync(platformAdmin, "platform.approval_type_registered"), d => d.Contains(name));
    }
}
