using Aspire.Hosting.ApplicationModel;

namespace BizOSaaS.Hosting.Redis;

/// <summary>
/// Debian's <c>redis-server</c> as a process of the AppHost (no container): a password, an append-only file in
/// the data folder, 127.0.0.1 only. The connection string is StackExchange.Redis's format, as Aspire's Redis gives.
/// </summary>
public sealed class LocalRedisResource(string name, ParameterResource password, string dataDirectory)
    : ExecutableResource(name, RedisBinaries.Server, dataDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public ParameterResource PasswordParameter { get; } = password;

    public string DataDirectory { get; } = dataDirectory;

    /// <summary>The configuration file the server reads: it holds the password, so `ps` does not show it.</summary>
    public string ConfigurationFile => Path.Combine(DataDirectory, "redis.conf");

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{PrimaryEndpoint.Property(EndpointProperty.TargetPort)},password={PasswordParameter}");
}

internal static class RedisBinaries
{
    public static string Server =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists) ?? "/usr/bin/redis-server";

    public static bool IsInstalled => File.Exists(Server);
}
