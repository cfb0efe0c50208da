using BizOSaaS.Hosting;
using BizOSaaS.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Postgres;
using BizOSaaS.Hosting.Projects;
using BizOSaaS.Hosting.Redis;

var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres", port: 15432);
var hubDb = postgres.AddDatabase("hubdb");
var crmDb = postgres.AddDatabase("crmdb");
var commerceDb = postgres.AddDatabase("commercedb");
var directoryDb = postgres.AddDatabase("directorydb");
var cache = builder.AddRedis("cache", port: 16379);

// OpenID Connect client secrets shared by the hub and its clients; generated once per data folder.
var portalSecret = builder.AddParameter("portal-client-secret", secret: true);
var adminSecret = builder.AddParameter("admin-client-secret", secret: true);
var servicesSecret = builder.AddParameter("services-client-secret", secret: true);

var crm = builder.AddProject<Projects.BizOSaaS_Crm>("crm").WithHttpEndpoint(8008).WithReplicas(2).WithHttpHealthCheck()
    .WithReference(crmDb).WaitFor(crmDb).WithReference(cache).WaitFor(cache);
var commerce = builder.AddProject<Projects.BizOSaaS_Commerce>("commerce").WithHttpEndpoint(8000).WithHttpHealthCheck()
    .WithReference(commerceDb).WaitFor(commerceDb).WithReference(cache).WaitFor(cache);
var directory = builder.AddProject<Projects.BizOSaaS_Directory>("directory").WithHttpEndpoint(8004).WithHttpHealthCheck()
    .WithReference(directoryDb).WaitFor(directoryDb).WithReference(cache).WaitFor(cache);

var hub = builder.AddProject<Projects.BizOSaaS_Hub>("hub").WithHttpEndpoint(8001).WithHttpHealthCheck()
    .WithReference(hubDb).WaitFor(hubDb).WithReference(cache).WaitFor(cache)
    .WithReference(crm).WithReference(commerce).WithReference(directory)
    .WithEnvironment("Identity__Clients__bizosaas-services__Secret", servicesSecret)
    .WithEnvironment("Identity__ServiceClient__Secret", servicesSecret)
    .WithExternalHttpEndpoints();

// The services find the hub's keys through service discovery, and act for a tenant on their own (outbox
// deliveries, callbacks) with the services client's tenant-scoped client-credentials tokens.
foreach (var service in new[] { crm, commerce, directory })
{
    service.WithReference(hub).WithEnvironment("Identity__ServiceClient__Secret", servicesSecret);
}

var portal = builder.AddProject<Projects.BizOSaaS_Portal>("portal").WithHttpEndpoint(3001).WithHttpHealthCheck()
    .WithReference(hub).WaitFor(hub).WithReference(cache).WaitFor(cache)
    .WithEnvironment("Identity__ClientSecret", portalSecret)
    .WithExternalHttpEndpoints();
var admin = builder.AddProject<Projects.BizOSaaS_Admin>("admin").WithHttpEndpoint(3009).WithHttpHealthCheck()
    .WithReference(hub).WaitFor(hub).WithReference(cache).WaitFor(cache)
    .WithEnvironment("Identity__ClientSecret", adminSecret)
    .WithExternalHttpEndpoints();

// The hub registers the web apps as its clients, at the addresses a browser reaches them on.
hub.WithEnvironment("Identity__Authority", hub.GetEndpoint("http"))
    .WithEnvironment("Identity__Clients__portal__Origin", portal.GetEndpoint("http"))
    .WithEnvironment("Identity__Clients__portal__Secret", portalSecret)
    .WithEnvironment("Identity__Clients__admin__Origin", admin.GetEndpoint("http"))
    .WithEnvironment("Identity__Clients__admin__Secret", adminSecret)
    .WithEnvironment("Platform__AllowedOrigins__0", portal.GetEndpoint("http"))
    .WithEnvironment("Platform__AllowedOrigins__1", admin.GetEndpoint("http"));

builder.Build().Run();

/// <summary>Public so tests can start this graph through the testing builder.</summary>
public partial class Program;
