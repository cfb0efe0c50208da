using BizOSaaS.Hosting;
using BizOSaaS.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Orchestration;
using BizOSaaS.Hosting.Postgres;
using BizOSaaS.Hosting.Projects;
using BizOSaaS.Hosting.Redis;
using BizOSaaS.Tests.Support;
using Npgsql;

namespace BizOSaaS.Tests.Unit;

/// <summary>The environment a project receives must carry Aspire's exact names, so services run unchanged under Aspire or azd.</summary>
public sealed class ProjectEnvironmentTests : IDisposable
{
    private readonly TestDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private DistributedApplicationBuilder NewBuilder(params string[] args)
    {
        var builder = new DistributedApplicationBuilder(args, typeof(ProjectEnvironmentTests).Assembly, testing: true);
        builder.Options.DataDirectory = _data.Path;
        return builder;
    }

    [Fact]
    public void Referenced_database_and_cache_arrive_as_ConnectionStrings()
    {
        var builder = NewBuilder();
        var crmDb = builder.AddPostgres("postgres").AddDatabase("crmdb");
        var cache = builder.AddRedis("cache");
        var crm = builder.AddProject("crm", "/src/BizOSaaS.Crm/BizOSaaS.Crm.csproj").WithReference(crmDb).WithReference(cache);
        builder.AssignPorts();
        var run = new RunContext(builder.Options);

        var env = ProjectEnvironment.For(crm.Resource, 0, run);

        var runtime = new NpgsqlConnectionStringBuilder(env["ConnectionStrings__crmdb"]);
        Assert.Equal(("127.0.0.1", crmDb.Resource.Server.Ports[0], "crmdb", "crmdb_app"), (runtime.Host, runtime.Port, runtime.Database, runtime.Username));
        Assert.False(string.IsNullOrEmpty(runtime.Password));
        var owner = new NpgsqlConnectionStringBuilder(env["ConnectionStrings__crmdb_owner"]);
        Assert.Equal(("crmdb", "crmdb_owner"), (owner.Database, owner.Username));
        Assert.NotEqual(runtime.Password, owner.Password);
        Assert.Matches($@"^127\.0\.0\.1:{cache.Resource.Ports[0]},password=[0-9a-f]{{32}}$", env["ConnectionStrings__cache"]);
    }

    [Fact]
    public void Replicas_get_their_own_ports_and_are_all_published_for_service_discovery()
    {
        var builder = NewBuilder();
        var crm = builder.AddProject("crm", "/src/BizOSaaS.Crm/BizOSaaS.Crm.csproj").WithReplicas(3);
        var hub = builder.AddProject("hub", "/src/BizOSaaS.Hub/BizOSaaS.Hub.csproj").WithReference(crm);
        builder.AssignPorts();
        var run = new RunContext(builder.Options);

        var ports = crm.Resource.Ports;
        Assert.Equal(3, ports.Distinct().Count());
        var hubEnv = ProjectEnvironment.For(hub.Resource, 0, run);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal($"http://localhost:{ports[i]}", hubEnv[$"services__crm__http__{i}"]);
            var replicaEnv = ProjectEnvironment.For(crm.Resource, i, run);
            Assert.Equal($"http://localhost:{ports[i]}", replicaEnv["ASPNETCORE_URLS"]);
            Assert.Equal($"service.instance.id=crm-{i}", replicaEnv["OTEL_RESOURCE_ATTRIBUTES"]);
        }
        Assert.DoesNotContain("services__crm__http__3", hubEnv.Keys);
    }

    [Fact]
    public void Telemetry_and_environment_follow_Aspire()
    {
        var builder = NewBuilder();
        var hub = builder.AddProject("hub", "/src/BizOSaaS.Hub/BizOSaaS.Hub.csproj").WithEnvironment("Platform__Name", "BizOSaaS");
        builder.AssignPorts();
        var env = ProjectEnvironment.For(hub.Resource, 0, new RunContext(builder.Options));

        Assert.Equal($"http://localhost:{builder.Options.OtlpGrpcPort}", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("grpc", env["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("hub", env["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=hub", env["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("1000", env["OTEL_BSP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", env["OTEL_BLRP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", env["OTEL_METRIC_EXPORT_INTERVAL"]);
        Assert.Equal("Development", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("BizOSaaS", env["Platform__Name"]);
    }

    [Fact]
    public void A_developer_run_uses_declared_ports_unless_overridden()
    {
        var builder = new DistributedApplicationBuilder(["--Ports:crm=9999"], typeof(ProjectEnvironmentTests).Assembly, testing: false);
        var postgres = builder.AddPostgres("postgres", port: 15432);
        var crm = builder.AddProject("crm", "/src/BizOSaaS.Crm/BizOSaaS.Crm.csproj").WithHttpEndpoint(8008).WithReplicas(2);
        var hub = builder.AddProject("hub", "/src/BizOSaaS.Hub/BizOSaaS.Hub.csproj").WithHttpEndpoint(8001);
        builder.AssignPorts();

        Assert.Equal(15432, postgres.Resource.Ports[0]);
        Assert.Equal(9999, crm.Resource.Ports[0]);
        Assert.NotEqual(9999, crm.Resource.Ports[1]);
        Assert.Equal(8001, hub.Resource.Ports[0]);
        Assert.Equal(DistributedApplicationOptions.DefaultDashboardPort, builder.Options.DashboardPort);
    }

    [Fact]
    public void Generated_passwords_survive_a_restart_of_the_AppHost()
    {
        var first = new RunContext(new DistributedApplicationOptions { DataDirectory = _data.Path }).GetOrCreateSecret("postgres-password");
        var second = new RunContext(new DistributedApplicationOptions { DataDirectory = _data.Path }).GetOrCreateSecret("postgres-password");

        Assert.Equal(first, second);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_data.Path, "secrets.json")));
    }
}
