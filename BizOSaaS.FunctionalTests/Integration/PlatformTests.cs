using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using Npgsql;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>The whole graph started through the AppHost's Program: health, discovery, databases, supervision.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PlatformTests(PlatformFixture platform)
{
    private static readonly string[] Downstream = ["crm", "commerce", "directory"];

    [Fact]
    public async Task Hub_reaches_every_downstream_service_through_service_discovery()
    {
        using var hub = platform.App.CreateHttpClient("hub");

        var status = await hub.GetFromJsonAsync<PlatformStatus>("/api/brain/status");

        Assert.NotNull(status);
        Assert.Equal("Healthy", status.Status);
        Assert.Equal(["hub", .. Downstream], status.Services.Select(s => s.Name));
        foreach (var name in Downstream)
        {
            var service = status.Services.Single(s => s.Name == name);
            Assert.Equal("Healthy", service.Status);
            // Discovery resolved the name to the address the AppHost gave the service; for crm, to the addresses its two
            // replicas announce in the replica directory (ADR 33).
            var expected = name == "crm"
                ? string.Join(", ", platform.ReplicaAddresses(name))
                : platform.App.GetEndpoint(name, "http").ToString().TrimEnd('/');
            Assert.Equal(expected, service.Endpoint);
            Assert.Contains(service.Checks, c => c.Name == $"{name}db" && c.Status == "Healthy");
            Assert.Contains(service.Checks, c => c.Name == "cache" && c.Status == "Healthy");
        }
    }

    [Theory]
    [InlineData("hubdb", "hub")]
    [InlineData("crmdb", "crm")]
    [InlineData("commercedb", "commerce")]
    [InlineData("directorydb", "directory")]
    public async Task Each_service_migrated_its_own_database_and_queries_it_as_a_restricted_role(string database, string service)
    {
        await using var connection = new NpgsqlConnection(platform.App.GetConnectionString(database));
        await connection.OpenAsync();

        await using var role = new NpgsqlCommand(
            "SELECT current_user, rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = current_user", connection);
        await using (var reader = await role.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal($"{database}_app", reader.GetString(0));
            Assert.False(reader.GetBoolean(1), "the runtime role must not be superuser");
            Assert.False(reader.GetBoolean(2), "the runtime role must not bypass row-level security");
            Assert.False(reader.GetBoolean(3));
        }

        await using var owner = new NpgsqlCommand("SELECT tableowner FROM pg_tables WHERE tablename = 'service_starts'", connection);
        Assert.Equal($"{database}_owner", await owner.ExecuteScalarAsync());

        await using var starts = new NpgsqlCommand("SELECT count(*) FROM service_starts WHERE service_name = $1", connection);
        starts.Parameters.Add(new NpgsqlParameter { Value = service });
        Assert.True((long)(await starts.ExecuteScalarAsync())! >= 1);
    }

    [Theory]
    [InlineData("hub")]
    [InlineData("crm")]
    [InlineData("commerce")]
    [InlineData("directory")]
    public async Task Each_service_publishes_its_OpenAPI_document(string service)
    {
        using var client = platform.App.CreateHttpClient(service);

        var document = await client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"openapi\"", document);
        Assert.Contains("/api/starts", document);
    }

    [Fact]
    public async Task A_service_killed_with_SIGKILL_is_restarted_healthy_and_counted()
    {
        await platform.App.WaitForHealthyAsync("crm");
        var restartsBefore = platform.Replica("crm", 0).Restarts();

        var pid = platform.Kill("crm", 0);

        await platform.WaitUntilRestartedAsync("crm", 0, pid);
        await Eventually.HoldsAsync(() => platform.Replica("crm", 0).Restarts() == restartsBefore + 1, "the dashboard counts the restart");
        using var hub = platform.App.CreateHttpClient("hub");
        await Eventually.HoldsAsync(async () =>
            (await hub.GetFromJsonAsync<PlatformStatus>("/api/brain/status"))!.Services.Single(s => s.Name == "crm").Status == "Healthy",
            "the hub sees crm healthy again");
    }

    [Fact]
    public async Task Health_and_aliveness_endpoints_answer_on_every_project()
    {
        foreach (var name in new[] { "hub", "crm", "commerce", "directory", "portal", "admin" })
        {
            using var client = platform.App.CreateHttpClient(name);
            using var health = await client.GetAsync("/health");
            using var alive = await client.GetAsync("/alive");
            Assert.True(health.IsSuccessStatusCode, $"{name} /health answered {health.StatusCode}");
            Assert.True(alive.IsSuccessStatusCode, $"{name} /alive answered {alive.StatusCode}");
        }
    }

    private sealed record PlatformStatus(string Status, List<ServiceStatus> Services);

    private sealed record ServiceStatus(string Name, string Status, string? Endpoint, List<HealthCheck> Checks);

    private sealed record HealthCheck(string Name, string Status);
}
