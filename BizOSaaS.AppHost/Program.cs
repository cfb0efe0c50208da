using BizOSaaS.Hosting;
using BizOSaaS.Hosting.DataFolder;
using BizOSaaS.Hosting.Postgres;
using BizOSaaS.Hosting.Projects;
using BizOSaaS.Hosting.Redis;

var builder = DistributedApplication.CreateBuilder(args);

// Beyond Aspire in a local run (ADR 17): projects run from their build output, crashed processes are restarted,
// a resource that cannot start stops the run with one line, missing programs and busy ports are reported first.
builder.AddLocalRunSupervision();

// PostgreSQL and Redis: Debian's servers in a local run, Aspire's resources in the manifest (ADR 18).
var postgres = builder.AddPlatformPostgres("postgres", port: 15432);
var hubDb = postgres.AddDatabaseWithRoles("hubdb");
var crmDb = postgres.AddDatabaseWithRoles("crmdb");
var commerceDb = postgres.AddDatabaseWithRoles("commercedb");
var directoryDb = postgres.AddDatabaseWithRoles("directorydb");
var cache = builder.AddPlatformRedis("cache", port: 16379);

// OpenID Connect client secrets shared by the hub and its clients; generated once per data folder.
var portalSecret = builder.AddDataFolderSecret("portal-client-secret");
var adminSecret = builder.AddDataFolderSecret("admin-client-secret");
var servicesSecret = builder.AddDataFolderSecret("services-client-secret");

// Each service's schema is provisioned and migrated once, before any of its replicas starts (ADR 19).
var hubMigrations = builder.AddDatabaseMigrations<Projects.BizOSaaS_Hub>("hub-migrations", postgres, hubDb);
var crmMigrations = builder.AddDatabaseMigrations<Projects.BizOSaaS_Crm>("crm-migrations", postgres, crmDb);
var commerceMigrations = builder.AddDatabaseMigrations<Projects.BizOSaaS_Commerce>("commerce-migrations", postgres, commerceDb);
var directoryMigrations = builder.AddDatabaseMigrations<Projects.BizOSaaS_Directory>("directory-migrations", postgres, directoryDb);

var hub = builder.AddProject<Projects.BizOSaaS_Hub>("hub")
    .WithHttpEndpoint(port: 8001)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithReference(hubDb)
    .WaitForCompletion(hubMigrations)
    .WithReference(cache)
    .WaitFor(cache)
    .WithEnvironment("Identity__Clients__bizosaas-services__Secret", servicesSecret)
    .WithEnvironment("Identity__ServiceClient__Secret", servicesSecret);

var crm = builder.AddProject<Projects.BizOSaaS_Crm>("crm")
    .WithHttpEndpoint(port: 8008)
    .WithReplicas(2)
    .WithHttpHealthCheck("/health")
    .WithReference(crmDb)
    .WaitForCompletion(crmMigrations)
    .WithReference(cache)
    .WaitFor(cache);

var commerce = builder.AddProject<Projects.BizOSaaS_Commerce>("commerce")
    .WithHttpEndpoint(port: 8000)
    .WithHttpHealthCheck("/health")
    .WithReference(commerceDb)
    .WaitForCompletion(commerceMigrations)
    .WithReference(cache)
    .WaitFor(cache);

var directory = builder.AddProject<Projects.BizOSaaS_Directory>("directory")
    .WithHttpEndpoint(port: 8004)
    .WithHttpHealthCheck("/health")
    .WithReference(directoryDb)
    .WaitForCompletion(directoryMigrations)
    .WithReference(cache)
    .WaitFor(cache);

// The hub's gateway, status and admin figures find the services through service discovery; the services find the
// hub's signing keys the same way, and act for a tenant on their own (outbox deliveries, callbacks) with the
// services client's tenant-scoped client-credentials tokens.
hub.WithReference(crm).WithReference(commerce).WithReference(directory);
foreach (var service in new[] { crm, commerce, directory })
{
    service.WithReference(hub).WithEnvironment("Identity__ServiceClient__Secret", servicesSecret);
}

var portal = builder.AddProject<Projects.BizOSaaS_Portal>("portal")
    .WithHttpEndpoint(port: 3001)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithReference(hub)
    .WaitFor(hub)
    .WithReference(cache)
    .WaitFor(cache)
    .WithEnvironment("Identity__ClientSecret", portalSecret)
    // The storefront acts for a tenant's anonymous shoppers with the Portal's own client (role storefront).
    .WithEnvironment("Identity__ServiceClient__Id", "portal")
    .WithEnvironment("Identity__ServiceClient__Secret", portalSecret);

var admin = builder.AddProject<Projects.BizOSaaS_Admin>("admin")
    .WithHttpEndpoint(port: 3009)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithReference(hub)
    .WaitFor(hub)
    .WithReference(cache)
    .WaitFor(cache)
    .WithEnvironment("Identity__ClientSecret", adminSecret);

// The hub registers the web apps as its clients, at the addresses a browser reaches them on.
hub.WithEnvironment("Identity__Authority", hub.GetEndpoint("http"))
    .WithEnvironment("Identity__Clients__portal__Origin", portal.GetEndpoint("http"))
    .WithEnvironment("Identity__Clients__portal__Secret", portalSecret)
    .WithEnvironment("Identity__Clients__admin__Origin", admin.GetEndpoint("http"))
    .WithEnvironment("Identity__Clients__admin__Secret", adminSecret)
    .WithEnvironment("Platform__AllowedOrigins__0", portal.GetEndpoint("http"))
    .WithEnvironment("Platform__AllowedOrigins__1", admin.GetEndpoint("http"));

builder.Build().Run();
