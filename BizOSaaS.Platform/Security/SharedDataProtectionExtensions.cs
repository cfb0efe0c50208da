using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class DataProtectionExtensions
{
    /// <summary>
    /// Keeps the app's data-protection keys (sign-in cookies, antiforgery tokens) in Redis, so every replica
    /// reads what another wrote and a restart does not sign everyone out. Needs <c>AddPlatformRedisClient</c>.
    /// </summary>
    public static IHostApplicationBuilder AddSharedDataProtection(this IHostApplicationBuilder builder, string applicationName)
    {
        builder.Services.AddDataProtection().SetApplicationName(applicationName);
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((options, services) =>
            options.XmlRepository = new RedisXmlRepository(
                () => services.GetRequiredService<IConnectionMultiplexer>().GetDatabase(), $"bizosaas:data-protection:{applicationName}"));
        return builder;
    }
}
