using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>Tenants, plans, members, switching, lockout and the audit log, through the hub's API.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TenantApiTests(PlatformFixture platform)
{
    private PlatformTokens Tokens => platform.Tokens;

    [Fact]
    public async Task Current_tenant_comes_from_the_token_with_its_plan_and_the_callers_role()
    {
        using var hub = await Tokens.ClientAsync("hub", "admin@coreldove.dev");

        var current = (await hub.GetFromJsonAsync<TenantResponse>("/api/brain/tenant/current"))!;

        Assert.Equal("CorelDove", current.Name);
        Assert.Equal("enterprise", current.Plan.Id);
        Assert.Equal("tenant_admin", current.Role);
    }

    [Fact]
    public async Task Tenant_list_is_every_tenant_for_platform_admins_and_own_memberships_for_others()
    {
        using var admin = await Tokens.ClientAsync("hub", "admin@bizosaas.dev");
        using var multi = await Tokens.ClientAsync("hub", "multi@bizosaas.dev");

        var all = await admin.GetFromJsonAsync<List<TenantResponse>>("/api/brain/tenant/list/all");
        var mine = await multi.GetFromJsonAsync<List<TenantResponse>>("/api/brain/tenant/list/all");

        Assert.Superset(new HashSet<string> { "CorelDove", "Bizoholic", "ThrillRing" }, all!.Select(t => t.Name).ToHashSet());
        Assert.Equal(["CorelDove", "Bizoholic"], mine!.Select(t => t.Name));
    }

    [Fact]
    public async Task Another_tenants_id_is_not_found_and_stats_count_the_callers_own_tenant()
    {
        using var hub = await Tokens.ClientAsync("hub", "admin@bizoholic.dev");

        Assert.Equal(HttpStatusCode.NotFound, (await hub.GetAsync($"/api/brain/tenant/{PlatformTokens.CorelDove}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hub.GetAsync($"/api/brain/tenant/{PlatformTokens.CorelDove}/stats")).StatusCode);

        // The hub asks the CRM with the caller's own token, so the count is Bizoholic's leads only.
        using var crm = await Tokens.ClientAsync("crm", "admin@bizoholic.dev");
        var before = (await hub.GetFromJsonAsync<TenantStatsResponse>($"/api/brain/tenant/{PlatformTokens.Bizoholic}/stats"))!.Leads;
        (await crm.PostAsJsonAsync("/api/leads", new { name = "Stats Lead", email = $"stats-{Guid.NewGuid():N}@example.com" })).EnsureSuccessStatusCode();
        var stats = (await hub.GetFromJsonAsync<TenantStatsResponse>($"/api/brain/tenant/{PlatformTokens.Bizoholic}/stats"))!;
        Assert.NotNull(before);
        Assert.Equal(before + 1, stats.Leads);
        Assert.Equal(25, stats.MaxUsers);
    }

    [Fact]
    public async Task Switching_gives_tokens_for_another_tenant_of_the_same_user_and_is_refused_otherwise()
    {
        var tokens = await Tokens.SignInAsync("multi@bizosaas.dev");
        Assert.Equal(PlatformTokens.CorelDove.ToString(), new JsonWebToken(tokens.AccessToken).GetClaim("tenant_id").Value);
        using var hub = platform.App.CreateHttpClient("hub");

        using var switched = await hub.PostAsync("/api/brain/tenant/switch", Switch(tokens.RefreshToken!, PlatformTokens.Bizoholic));
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        var bizoholic = (await switched.Content.ReadFromJsonAsync<TokenResponse>())!;
        Assert.Equal(PlatformTokens.Bizoholic.ToString(), new JsonWebToken(bizoholic.AccessToken).GetClaim("tenant_id").Value);
        using (var asBizoholic = PlatformTokens.WithToken(platform.App.CreateHttpClient("hub"), bizoholic.AccessToken))
        {
            Assert.Equal("Bizoholic", (await asBizoholic.GetFromJsonAsync<TenantResponse>("/api/brain/tenant/current"))!.Name);
        }

        using var refused = await hub.PostAsync("/api/brain/tenant/switch", Switch(bizoholic.RefreshToken!, PlatformTokens.ThrillRing));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        using var malformed = await hub.PostAsync("/api/brain/tenant/switch", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = "bizosaas-cli",
            ["refresh_token"] = bizoholic.RefreshToken!,
            ["tenant_id"] = "not-a-uuid",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        using var audit = await Tokens.ClientAsync("hub", "admin@bizosaas.dev");
        var events = await audit.GetFromJsonAsync<List<AuditEventResponse>>($"/api/brain/audit?tenantId={PlatformTokens.Bizoholic}&type=tenant.switched");
        Assert.Contains(events!, e => e.ActorEmail == "multi@bizosaas.dev");
    }

    [Fact]
    public async Task Requests_without_a_token_are_401_and_members_get_403_on_admin_endpoints()
    {
        using var anonymous = platform.App.CreateHttpClient("hub");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/brain/tenant/current")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/brain/audit")).StatusCode);
        foreach (var (service, path) in new[] { ("crm", "/api/leads"), ("commerce", "/api/products"), ("directory", "/api/businesses") })
        {
            using var client = platform.App.CreateHttpClient(service);
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var member = await Tokens.ClientAsync("hub", "member@coreldove.dev");
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/brain/tenant/members")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync("/api/brain/tenant/members", new { email = "x@example.com", role = "member" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/brain/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PutAsJsonAsync($"/api/brain/tenant/{PlatformTokens.CorelDove}/status", new { status = "suspended" })).StatusCode);

        using var tenantAdmin = await Tokens.ClientAsync("hub", "admin@coreldove.dev");
        Assert.Equal(HttpStatusCode.Forbidden, (await tenantAdmin.PutAsJsonAsync($"/api/brain/tenant/{PlatformTokens.Bizoholic}/plan", new { planId = "free" })).StatusCode);
    }

    [Fact]
    public async Task Plan_user_limit_is_enforced_with_a_clear_409_and_suspended_tenants_cannot_sign_in()
    {
        using var platformAdmin = await Tokens.ClientAsync("hub", "admin@bizosaas.dev");
        using var thrillRing = await Tokens.ClientAsync("hub", "admin@thrillring.dev");
        try
        {
            (await platformAdmin.PutAsJsonAsync($"/api/brain/tenant/{PlatformTokens.ThrillRing}/plan", new { planId = "free" })).EnsureSuccessStatusCode();
            var members = (await thrillRing.GetFromJsonAsync<MembersResponse>("/api/brain/tenant/members"))!;
            var seatsLeft = members.SeatsLeft;
            Assert.Equal(3, members.MaxUsers);

            for (var i = 0; i < seatsLeft; i++)
            {
                var added = await thrillRing.PostAsJsonAsync("/api/brain/tenant/members",
                    new { email = $"seat{i}-{Guid.NewGuid():N}@thrillring.dev", displayName = $"Seat {i}", role = "member", password = "Seat-Passw0rd" });
                Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            }
            using var over = await thrillRing.PostAsJsonAsync("/api/brain/tenant/members",
                new { email = $"over-{Guid.NewGuid():N}@thrillring.dev", displayName = "One too many", role = "member", password = "Seat-Passw0rd" });
            Assert.Equal(HttpStatusCode.Conflict, over.StatusCode);
            var problem = (await over.Content.ReadFromJsonAsync<ProblemDetails>())!;
            Assert.Contains("allows 3 users", problem.Detail);
            Assert.Equal(3, (await thrillRing.GetFromJsonAsync<MembersResponse>("/api/brain/tenant/members"))!.Members.Count);

            using var invalid = await thrillRing.PostAsJsonAsync("/api/brain/tenant/members", new { email = "not an email", role = "owner" });
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            var errors = (await invalid.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!.Errors;
            Assert.True(errors.ContainsKey("email"));
            Assert.True(errors.ContainsKey("role"));

            (await platformAdmin.PutAsJsonAsync($"/api/brain/tenant/{PlatformTokens.ThrillRing}/status", new { status = "suspended" })).EnsureSuccessStatusCode();
            using var suspended = await Tokens.RequestTokenAsync("admin@thrillring.dev", PlatformTokens.Password);
            Assert.Equal(HttpStatusCode.BadRequest, suspended.StatusCode);
            Assert.Contains("ThrillRing is suspended", (await suspended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_description").GetString());
        }
        finally
        {
            await platformAdmin.PutAsJsonAsync($"/api/brain/tenant/{PlatformTokens.ThrillRing}/status", new { status = "active" });
            await platformAdmin.PutAsJsonAsync($"/api/brain/tenant/{PlatformTokens.ThrillRing}/plan", new { planId = "professional" });
        }
        using var reactivated = await Tokens.RequestTokenAsync("admin@thrillring.dev", PlatformTokens.Password);
        Assert.Equal(HttpStatusCode.OK, reactivated.StatusCode);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_and_the_lockout_is_audited()
    {
        using var bizoholic = await Tokens.ClientAsync("hub", "admin@bizoholic.dev");
        var email = $"lockout-{Guid.NewGuid():N}@bizoholic.dev";
        (await bizoholic.PostAsJsonAsync("/api/brain/tenant/members", new { email, displayName = "Lockout Test", role = "member", password = "Right-Passw0rd" }))
            .EnsureSuccessStatusCode();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await Tokens.RequestTokenAsync(email, "wrong-password");
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }
        using var right = await Tokens.RequestTokenAsync(email, "Right-Passw0rd");
        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("locked", (await right.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_description").GetString());

        var events = await bizoholic.GetFromJsonAsync<List<AuditEventResponse>>("/api/brain/audit?limit=500");
        Assert.Contains(events!, e => e.Type == "sign_in.locked_out" && e.SubjectEmail == email);
        Assert.Contains(events!, e => e.Type == "sign_in.failed" && e.SubjectEmail == email);
        Assert.Contains(events!, e => e.Type == "membership.added" && e.SubjectEmail == email);
    }

    [Fact]
    public async Task Tenant_admins_read_only_their_own_audit_log_and_platform_admins_read_across_tenants()
    {
        await Tokens.SignInAsync("admin@coreldove.dev");
        await Tokens.SignInAsync("admin@thrillring.dev");
        using var coreldove = await Tokens.ClientAsync("hub", "admin@coreldove.dev");
        using var platformAdmin = await Tokens.ClientAsync("hub", "admin@bizosaas.dev");

        var own = await coreldove.GetFromJsonAsync<List<AuditEventResponse>>("/api/brain/audit?limit=500");
        Assert.NotEmpty(own!);
        Assert.All(own!, e => Assert.Equal(PlatformTokens.CorelDove, e.TenantId));
        Assert.Equal(HttpStatusCode.BadRequest, (await coreldove.GetAsync($"/api/brain/audit?tenantId={PlatformTokens.ThrillRing}")).StatusCode);

        var all = await platformAdmin.GetFromJsonAsync<List<AuditEventResponse>>("/api/brain/audit?limit=500&type=sign_in.succeeded");
        var tenants = all!.Select(e => e.TenantId).ToHashSet();
        Assert.Contains(PlatformTokens.CorelDove, tenants);
        Assert.Contains(PlatformTokens.ThrillRing, tenants);

        // Reading across tenants is itself on the record.
        var reads = await platformAdmin.GetFromJsonAsync<List<AuditEventResponse>>("/api/brain/audit?type=platform.cross_tenant_read");
        Assert.Contains(reads!, e => e.ActorEmail == "admin@bizosaas.dev");
    }

    [Fact]
    public async Task Tenant_admins_change_roles_and_remove_members_but_never_the_last_admin()
    {
        using var bizoholic = await Tokens.ClientAsync("hub", "admin@bizoholic.dev");
        var email = $"team-{Guid.NewGuid():N}@bizoholic.dev";
        var added = await (await bizoholic.PostAsJsonAsync("/api/brain/tenant/members",
            new { email, displayName = "Team Mate", role = "member", password = "Team-Passw0rd" })).Content.ReadFromJsonAsync<MemberResponse>();
        var userId = added!.UserId;

        using var promoted = await bizoholic.PutAsJsonAsync($"/api/brain/tenant/members/{userId}", new { role = "tenant_admin" });
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        using var badRole = await bizoholic.PutAsJsonAsync($"/api/brain/tenant/members/{userId}", new { role = "owner" });
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await bizoholic.DeleteAsync($"/api/brain/tenant/members/{userId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bizoholic.DeleteAsync($"/api/brain/tenant/members/{userId}")).StatusCode);

        // Another tenant's member is not found from here.
        using var coreldove = await Tokens.ClientAsync("hub", "admin@coreldove.dev");
        var coreldoveMembers = (await coreldove.GetFromJsonAsync<MembersResponse>("/api/brain/tenant/members"))!;
        var someoneElse = coreldoveMembers.Members.First().UserId;
        Assert.Equal(HttpStatusCode.NotFound, (await bizoholic.DeleteAsync($"/api/brain/tenant/members/{someoneElse}")).StatusCode);

        // The last tenant admin stays.
        var members = (await bizoholic.GetFromJsonAsync<MembersResponse>("/api/brain/tenant/members"))!;
        var admins = members.Members.Where(m => m.Role == "tenant_admin").ToList();
        Assert.Single(admins);
        using var demoteLast = await bizoholic.PutAsJsonAsync($"/api/brain/tenant/members/{admins[0].UserId}", new { role = "member" });
        Assert.Equal(HttpStatusCode.Conflict, demoteLast.StatusCode);

        var events = await bizoholic.GetFromJsonAsync<List<AuditEventResponse>>("/api/brain/audit?limit=500");
        Assert.Contains(events!, e => e.Type == "membership.role_changed" && e.SubjectEmail == email);
        Assert.Contains(events!, e => e.Type == "membership.removed" && e.SubjectEmail == email);
    }

    [Fact]
    public async Task The_sign_in_form_refuses_a_post_without_its_antiforgery_token()
    {
        using var hub = platform.App.CreateHttpClient("hub");
        using var forged = await hub.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "admin@coreldove.dev",
            ["password"] = PlatformTokens.Password,
            ["returnUrl"] = "/",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("bizosaas.hub=")));
    }

    private static FormUrlEncodedContent Switch(string refreshToken, Guid tenantId) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "refresh_token",
        ["client_id"] = "bizosaas-cli",
        ["refresh_token"] = refreshToken,
        ["tenant_id"] = tenantId.ToString(),
    });
}
