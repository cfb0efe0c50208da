using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.JsonWebTokens;
using Npgsql;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>What the approvals tests share: clients for people and for a service acting for a tenant, new
/// members to decide with, requests, and counts straight from hubdb as the hub's runtime role.</summary>
internal sealed class ApprovalsTestClient(PlatformFixture platform)
{
    public const string Hitl = "/api/brain/hitl";

    private static readonly ConcurrentDictionary<Guid, string> ServiceTokens = new();

    public PlatformTokens Tokens => platform.Tokens;

    public static string Marker() => $"t{Guid.NewGuid():N}";

    /// <summary>Polls the API once a second (a tighter loop would spend the caller's rate limit) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    public Task<HttpClient> PersonAsync(string email) => platform.Tokens.ClientAsync("hub", email);

    /// <summary>A client of <paramref name="resource"/> with a client-credentials token of the services client acting for
    /// <paramref name="tenant"/> (role <c>service</c>), as the crm and the hub's own workers have.</summary>
    public async Task<HttpClient> ServiceAsync(Guid tenant, string resource = "hub")
    {
        if (!ServiceTokens.TryGetValue(tenant, out var token))
        {
            using var hub = platform.App.CreateHttpClient("hub");
            using var response = await hub.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = "bizosaas-services",
                ["client_secret"] = await platform.SecretAsync("services-client-secret"),
                ["tenant_id"] = tenant.ToString(),
            }));
            response.EnsureSuccessStatusCode();
            token = ServiceTokens.GetOrAdd(tenant, (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken);
        }
        return PlatformTokens.WithToken(platform.App.CreateHttpClient(resource), token);
    }

    public async Task<Guid> UserIdAsync(string email) =>
        Guid.Parse(new JsonWebToken((await platform.Tokens.SignInAsync(email)).AccessToken).Subject);

    /// <summary>A new person in the tenant of <paramref name="tenantAdmin"/>, with the seed password, signed in once.</summary>
    public async Task<(Guid Id, string Email)> NewMemberAsync(string tenantAdmin, string role)
    {
        using var admin = await PersonAsync(tenantAdmin);
        var email = $"approver-{Guid.NewGuid():N}@example.com";
        using var response = await admin.PostAsJsonAsync("/api/brain/tenant/members",
            new { email, role, displayName = "Test Approver", password = PlatformTokens.Password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await UserIdAsync(email), email);
    }

    public static async Task<ApprovalResponse> CreateAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync($"{Hitl}/requests", body);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create answered {(int)response.StatusCode}: {json}");
        return JsonSerializer.Deserialize<ApprovalResponse>(json, JsonSerializerOptions.Web)!;
    }

    /// <summary>A decision, claim or cancellation: the request as it is now when the answer is 200 OK, the problem details otherwise.</summary>
    public static async Task<(HttpStatusCode Status, ApprovalResponse? Body, ProblemDetails? Problem)> ActAsync(HttpClient client, string action, Guid id, string? comment = null)
    {
        using var response = comment is null
            ? await client.PostAsync($"{Hitl}/{action}/{id}", null)
            : await client.PostAsJsonAsync($"{Hitl}/{action}/{id}", new { comment });
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return (response.StatusCode, null, text.Length == 0 ? null : JsonSerializer.Deserialize<ProblemDetails>(text, JsonSerializerOptions.Web));
        }
        return (response.StatusCode, text.Length == 0 ? null : JsonSerializer.Deserialize<ApprovalResponse>(text, JsonSerializerOptions.Web), null);
    }

    public static async Task<ApprovalDetailResponse> DetailAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<ApprovalDetailResponse>($"{Hitl}/requests/{id}"))!;

    public static string[] HistoryKinds(ApprovalDetailResponse detail) => detail.History.Select(e => e.Kind).ToArray();

    /// <summary>Every id on every page of a queue listing, in order.</summary>
    public static async Task<List<Guid>> QueueAsync(HttpClient client, string query, string list = "queue")
    {
        var ids = new List<Guid>();
        if (!query.Contains("limit=", StringComparison.Ordinal))
        {
            query += "&limit=100";
        }
        string? cursor = null;
        do
        {
            var page = (await client.GetFromJsonAsync<ApprovalPage>($"{Hitl}/{list}?{query}{(cursor is null ? "" : "&cursor=" + cursor)}"))!;
            ids.AddRange(page.Items.Select(r => r.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return ids;
    }

    /// <summary>Audit event details of <paramref name="type"/> in the caller's tenant.</summary>
    public static async Task<List<string>> AuditAsync(HttpClient tenantAdmin, string type) =>
        (await tenantAdmin.GetFromJsonAsync<List<AuditEventResponse>>($"/api/brain/audit?type={type}&limit=500"))!
            .Select(e => e.Detail).ToList();

    /// <summary>A count straight from hubdb as the hub's runtime role, under <paramref name="tenant"/>'s row-level security.</summary>
    public async Task<long> CountAsync(Guid tenant, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(platform.App.GetConnectionString("hubdb"));
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await TenantSql.SetTenantAsync(connection, transaction, tenant);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public NpgsqlConnection HubDb() => new(platform.App.GetConnectionString("hubdb"));
}
