using System.Text.Json;
using System.Text.RegularExpressions;

namespace BizOSaaS.FunctionalTests.Publishing;

/// <summary>
/// What azd deploys: the AppHost's manifest in publish mode declares deployable resource types for PostgreSQL, Redis
/// and every project, with their references, bindings and environment, and every reference in it resolves.
/// </summary>
public sealed partial class ManifestTests : IDisposable
{
    private static readonly string[] Services = ["hub", "crm", "commerce", "directory", "portal", "admin"];
    private static readonly string[] Databases = ["hubdb", "crmdb", "commercedb", "directorydb"];

    private readonly TestDirectory _output = new();

    public void Dispose() => _output.Dispose();

    [Fact]
    public async Task The_manifest_declares_deployable_resources_with_their_references_and_bindings()
    {
        var resources = (await PublishAsync()).GetProperty("resources");
        JsonElement Resource(string name) => resources.TryGetProperty(name, out var r) ? r : throw new Xunit.Sdk.XunitException($"The manifest has no '{name}'.");
        string Env(string resource, string variable) => Resource(resource).GetProperty("env").GetProperty(variable).GetString()!;

        var postgres = Resource("postgres");
        Assert.StartsWith("container.v", postgres.GetProperty("type").GetString());
        Assert.StartsWith("docker.io/library/postgres:15", postgres.GetProperty("image").GetString());
        Assert.Equal(5432, postgres.GetProperty("bindings").GetProperty("tcp").GetProperty("targetPort").GetInt32());
        Assert.True(postgres.GetProperty("volumes").GetArrayLength() > 0, "PostgreSQL's data outlives its container");

        var cache = Resource("cache");
        Assert.StartsWith("container.v", cache.GetProperty("type").GetString());
        Assert.StartsWith("docker.io/library/redis:", cache.GetProperty("image").GetString());
        Assert.Contains("{cache-password.value}", cache.GetProperty("connectionString").GetString());

        foreach (var database in Databases)
        {
            Assert.Equal("value.v0", Resource(database).GetProperty("type").GetString());
            // Services query as the database's runtime role, never as the server's superuser (ADR 2).
            Assert.Equal($"Host={{postgres.bindings.tcp.host}};Port={{postgres.bindings.tcp.port}};Username={database}_app;Password={{{database}-app-password.value}};Database={database}",
                Resource(database).GetProperty("connectionString").GetString());
        }

        foreach (var service in Services)
        {
            var project = Resource(service);
            Assert.Equal("project.v0", project.GetProperty("type").GetString());
            Assert.EndsWith($"BizOSaaS.{char.ToUpperInvariant(service[0])}{service[1..]}.csproj", project.GetProperty("path").GetString());
            Assert.Equal("http", project.GetProperty("bindings").GetProperty("http").GetProperty("scheme").GetString());
            Assert.Equal("{cache.connectionString}", Env(service, "ConnectionStrings__cache"));
        }
        foreach (var (service, database) in Services.Zip(Databases))
        {
            Assert.Equal($"{{{database}.connectionString}}", Env(service, $"ConnectionStrings__{database}"));
            Assert.False(Resource(service).GetProperty("env").TryGetProperty("ConnectionStrings__postgres", out _), $"{service} must not hold the superuser's login");

            var migrations = Resource($"{service}-migrations");
            Assert.Equal("project.v0", migrations.GetProperty("type").GetString());
            Assert.Equal(["--migrate-database"], migrations.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
            Assert.Equal("{postgres.connectionString}", Env($"{service}-migrations", "ConnectionStrings__postgres"));
            Assert.Contains($"Username={database}_owner;Password={{{database}-owner-password.value}}", Env($"{service}-migrations", $"ConnectionStrings__{database}_owner"));
        }

        foreach (var service in new[] { "crm", "commerce", "directory" })
        {
            Assert.Equal($"{{{service}.bindings.http.url}}", Env("hub", $"services__{service}__http__0"));
            Assert.Equal("{hub.bindings.http.url}", Env(service, "services__hub__http__0"));
            Assert.Equal("{services-client-secret.value}", Env(service, "Identity__ServiceClient__Secret"));
        }
        Assert.Equal("{portal.bindings.http.url}", Env("hub", "Identity__Clients__portal__Origin"));
        Assert.Equal("{portal-client-secret.value}", Env("portal", "Identity__ClientSecret"));
        foreach (var external in new[] { "hub", "portal", "admin" })
        {
            Assert.True(Resource(external).GetProperty("bindings").GetProperty("http").GetProperty("external").GetBoolean(), $"{external} is reachable from outside");
        }
        foreach (var secret in new[] { "postgres-password", "cache-password", "portal-client-secret", "admin-client-secret", "services-client-secret", "crmdb-app-password" })
        {
            var input = Resource(secret).GetProperty("inputs").GetProperty("value");
            Assert.True(input.GetProperty("secret").GetBoolean());
            Assert.True(input.GetProperty("default").TryGetProperty("generate", out _), $"{secret} is generated at deployment");
        }

        // Every {resource.…} reference names a resource the manifest declares.
        var names = resources.EnumerateObject().Select(r => r.Name).ToHashSet();
        var references = Reference().Matches(resources.GetRawText()).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.Contains(reference, names));
    }

    private async Task<JsonElement> PublishAsync()
    {
        var manifest = Path.Combine(_output.Path, "aspire-manifest.json");
        var run = await AppHostProcess.RunAsync("--publisher", "manifest", "--output-path", manifest);
        Assert.True(run.ExitCode == 0, $"publishing failed with exit code {run.ExitCode}: {run.Output}{run.Errors}");
        return JsonDocument.Parse(await File.ReadAllTextAsync(manifest)).RootElement.Clone();
    }

    [GeneratedRegex(@"\{([a-z0-9-]+)\.(?:bindings|connectionString|value|inputs)")]
    private static partial Regex Reference();
}
