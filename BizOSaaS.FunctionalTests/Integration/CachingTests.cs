using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>
/// The platform's cache as users meet it: reads are cached per tenant, a write through one crm replica
/// is read at once through the other, Redis can go away and come back, platform admins see the numbers
/// and can drop a tenant's cache. A lead inserted straight into the database, behind the service's back,
/// shows whether a read came from the cache (it does not see the lead) or from the database (it does).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CachingTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_write_through_one_crm_replica_is_read_at_once_through_the_other()
    {
        using var replicaA = await platform.Tokens.ClientAsync(platform.Replica("crm", 0), "admin@bizoholic.dev");
        using var replicaB = await platform.Tokens.ClientAsync(platform.Replica("crm", 1), "admin@bizoholic.dev");

        var cached = await CountAsync(replicaB);
        await InsertLeadBehindTheServiceAsync(PlatformTokens.Bizoholic);
        Assert.Equal(cached, await CountAsync(replicaB));

        var created = await replicaA.PostAsJsonAsync("/api/leads", new { name = "Replica Lead", email = $"replica-{Guid.NewGuid():N}@example.com" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<LeadResponse>())!.Id;
        Assert.Equal(cached + 2, await CountAsync(replicaB));
        Assert.Equal(HttpStatusCode.OK, (await replicaB.GetAsync($"/api/leads/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await replicaA.DeleteAsync($"/api/leads/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await replicaB.GetAsync($"/api/leads/{id}")).StatusCode);
        Assert.Equal(cached + 1, await CountAsync(replicaB));
    }

    [Fact]
    public async Task The_same_read_by_two_tenants_gets_each_its_own_answer_through_the_gateway()
    {
        using var coreldove = await platform.Tokens.ClientAsync("hub", "admin@coreldove.dev");
        using var thrillring = await platform.Tokens.ClientAsync("hub", "admin@thrillring.dev");
        (await coreldove.PostAsJsonAsync("/api/brain/crm/leads", new { name = "Only CorelDove", email = $"only-{Guid.NewGuid():N}@coreldove.example" })).EnsureSuccessStatusCode();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(await DatabaseCountAsync(PlatformTokens.CorelDove), await CountAsync(coreldove, "/api/brain/crm/leads/count"));
            Assert.Equal(await DatabaseCountAsync(PlatformTokens.ThrillRing), await CountAsync(thrillring, "/api/brain/crm/leads/count"));
        }
        var coreldoveNames = (await coreldove.GetFromJsonAsync<LeadPage>("/api/brain/crm/leads?q=only%20coreldove&limit=500"))!.Items;
        var thrillringNames = (await thrillring.GetFromJsonAsync<LeadPage>("/api/brain/crm/leads?q=only%20coreldove&limit=500"))!.Items;
        Assert.Contains(coreldoveNames, l => l.Name == "Only CorelDove");
        Assert.DoesNotContain(thrillringNames, l => l.Name == "Only CorelDove");
    }

    [Fact]
    public async Task Platform_admins_see_hits_and_misses_per_category_and_drop_a_tenants_cache()
    {
        using var admin = await platform.Tokens.ClientAsync("hub", "admin@bizosaas.dev");
        using var tenantAdmin = await platform.Tokens.ClientAsync("hub", "admin@thrillring.dev");
        Assert.Equal(HttpStatusCode.Forbidden, (await tenantAdmin.GetAsync("/api/brain/admin/cache/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tenantAdmin.DeleteAsync($"/api/brain/admin/cache/{PlatformTokens.ThrillRing}")).StatusCode);

        var before = await ApiCallsAsync(admin);
        var cached = await CountAsync(tenantAdmin, "/api/brain/crm/leads/count");
        await InsertLeadBehindTheServiceAsync(PlatformTokens.ThrillRing);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(cached, await CountAsync(tenantAdmin, "/api/brain/crm/leads/count"));
        }
        await Eventually.HoldsAsync(async () => (await ApiCallsAsync(admin)).Hits >= before.Hits + 5, "the hits are published");

        var stats = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/cache/stats");
        var categories = stats.GetProperty("categories").EnumerateArray().ToDictionary(
            c => c.GetProperty("category").GetString()!, c => c.GetProperty("lifetimeSeconds").GetInt32());
        Assert.Equal(new Dictionary<string, int>
        {
            ["ai_responses"] = 3600,
            ["api_calls"] = 300,
            ["user_data"] = 1800,
            ["tenant_config"] = 7200,
            ["lead_analysis"] = 1800,
            ["content_generation"] = 3600,
            ["seo_analysis"] = 7200,
            ["ecommerce"] = 600,
        }, categories);

        using var badCategory = await admin.DeleteAsync($"/api/brain/admin/cache/{PlatformTokens.ThrillRing}?category=everything");
        Assert.Equal(HttpStatusCode.BadRequest, badCategory.StatusCode);
        Assert.Equal("application/problem+json", badCategory.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/brain/admin/cache/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(cached, await CountAsync(tenantAdmin, "/api/brain/crm/leads/count"));

        // Dropping another category leaves the leads cached; dropping api_calls does not.
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/brain/admin/cache/{PlatformTokens.ThrillRing}?category=ecommerce")).StatusCode);
        Assert.Equal(cached, await CountAsync(tenantAdmin, "/api/brain/crm/leads/count"));
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/brain/admin/cache/{PlatformTokens.ThrillRing}?category=api_calls")).StatusCode);
        Assert.Equal(cached + 1, await CountAsync(tenantAdmin, "/api/brain/crm/leads/count"));

        await InsertLeadBehindTheServiceAsync(PlatformTokens.ThrillRing);
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/brain/admin/cache/{PlatformTokens.ThrillRing}")).StatusCode);
        Assert.Equal(cached + 2, await CountAsync(tenantAdmin, "/api/brain/crm/leads/count"));

        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/brain/audit?tenantId={PlatformTokens.ThrillRing}&type=platform.cache_dropped");
        Assert.Contains("api_calls", audit.GetRawText());
    }

    [Fact]
    public async Task With_Redis_stopped_reads_and_writes_succeed_and_caching_resumes_when_it_returns()
    {
        using var hub = await platform.Tokens.ClientAsync("hub", "admin@coreldove.dev");
        var count = await CountAsync(hub, "/api/brain/crm/leads/count");

        await platform.StopAsync("cache");
        try
        {
            for (var i = 0; i < 4; i++)
            {
                using var created = await hub.PostAsJsonAsync("/api/brain/crm/leads", new { name = $"Outage Lead {i}", email = $"outage{i}-{Guid.NewGuid():N}@example.com" });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                count++;
                Assert.Equal(count, await CountAsync(hub, "/api/brain/crm/leads/count"));
            }
            await InsertLeadBehindTheServiceAsync(PlatformTokens.CorelDove);
            Assert.Equal(count + 1, await CountAsync(hub, "/api/brain/crm/leads/count"));
            count++;
        }
        finally
        {
            await platform.StartAsync("cache");
        }

        // Freshness across replicas holds once each is back on Redis (ADR 9): a replica that reconnects later
        // than another cannot reach its copies meanwhile. /health PINGs Redis through the service's connection.
        for (var replica = 0; replica < 2; replica++)
        {
            using var crm = platform.Replica("crm", replica).CreateReplicaHttpClient();
            await Eventually.HoldsAsync(async () => (await crm.GetAsync("/health")).IsSuccessStatusCode, $"crm-{replica} reaches Redis again");
        }

        // Back: nothing acknowledged was lost, and each replica serves reads from the cache again (a lead inserted
        // behind the service's back stays unseen until a write through the service). Each replica starts a new cache
        // epoch once it can write to Redis again, which empties the cache for all; the test waits for both, so the
        // tests after it find the cache settled.
        Assert.Equal(count, await DatabaseCountAsync(PlatformTokens.CorelDove));
        for (var replica = 0; replica < 2; replica++)
        {
            using var crm = await platform.Tokens.ClientAsync(platform.Replica("crm", replica), "admin@coreldove.dev");
            await Eventually.HoldsAsync(async () =>
            {
                var now = await CountAsync(crm);
                await InsertLeadBehindTheServiceAsync(PlatformTokens.CorelDove);
                count++;
                return await CountAsync(crm) == now;
            }, $"crm-{replica} serves reads from the cache again");
        }
        (await hub.PostAsJsonAsync("/api/brain/crm/leads", new { name = "After Outage", email = $"after-{Guid.NewGuid():N}@example.com" })).EnsureSuccessStatusCode();
        Assert.Equal(count + 1, await CountAsync(hub, "/api/brain/crm/leads/count"));

        // The hub is back on Redis too, and the reads made during the outage were counted as bypasses.
        using var admin = await platform.Tokens.ClientAsync("hub", "admin@bizosaas.dev");
        await Eventually.HoldsAsync(async () => (await admin.GetAsync("/api/brain/admin/cache/stats")).IsSuccessStatusCode, "the hub reads the cache statistics again");
        await Eventually.HoldsAsync(async () => (await ApiCallsAsync(admin)).Bypasses >= 5, "the outage's reads are published as bypasses");
    }

    private static async Task<long> CountAsync(HttpClient client, string path = "/api/leads/count") =>
        (await client.GetFromJsonAsync<LeadCount>(path))!.Count;

    private static async Task<(long Hits, long Misses, long Bypasses)> ApiCallsAsync(HttpClient admin)
    {
        var stats = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/cache/stats");
        var apiCalls = stats.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == "api_calls");
        return (apiCalls.GetProperty("hits").GetInt64(), apiCalls.GetProperty("misses").GetInt64(), apiCalls.GetProperty("bypasses").GetInt64());
    }

    /// <summary>Writes a lead with SQL, as the crm's runtime role under the tenant's row-level security.</summary>
    private async Task InsertLeadBehindTheServiceAsync(Guid tenant)
    {
        await using var session = await TenantSessionAsync(tenant);
        await using var insert = new NpgsqlCommand(
            "INSERT INTO leads (id, tenant_id, name, email, email_key, created_at, updated_at, scored_at) VALUES ($1, $2, 'Behind The Service', $3, $3, now(), now(), now())",
            session.Connection, session.Transaction);
        var id = Guid.CreateVersion7();
        insert.Parameters.Add(new NpgsqlParameter { Value = id });
        insert.Parameters.Add(new NpgsqlParameter { Value = tenant });
        insert.Parameters.Add(new NpgsqlParameter { Value = $"behind-{id:N}@example.com" });
        await insert.ExecuteNonQueryAsync();
        await session.Transaction.CommitAsync();
    }

    private async Task<long> DatabaseCountAsync(Guid tenant)
    {
        await using var session = await TenantSessionAsync(tenant);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM leads", session.Connection, session.Transaction);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>A transaction on crmdb as the service's runtime role, acting for <paramref name="tenant"/>.</summary>
    private async Task<TenantSession> TenantSessionAsync(Guid tenant)
    {
        var connection = new NpgsqlConnection(platform.App.GetConnectionString("crmdb"));
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await TenantSql.SetTenantAsync(connection, transaction, tenant);
        return new TenantSession(connection, transaction);
    }

    private sealed record TenantSession(NpgsqlConnection Connection, NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
