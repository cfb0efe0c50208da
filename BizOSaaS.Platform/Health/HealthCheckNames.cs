using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

public static class HealthCheckNames
{
    /// <summary>
    /// Renames the health check an Aspire client integration registers (named after its library or a type, such as
    /// <c>StackExchange.Redis</c> or <c>CrmDb</c>) to the name of the resource it checks (<c>cache</c>, <c>crmdb</c>):
    /// the status pages list every service's checks by the names the AppHost gives its resources.
    /// </summary>
    public static IServiceCollection RenameHealthCheck(this IServiceCollection services, string from, string to)
    {
        services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations.Where(r => r.Name == from))
            {
                registration.Name = to;
            }
        });
        return services;
    }
}
