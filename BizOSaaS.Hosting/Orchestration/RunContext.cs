using System.Security.Cryptography;
using System.Text.Json;

namespace BizOSaaS.Hosting.Orchestration;

/// <summary>What every resource kind needs while the application runs: folders, secrets, ports of telemetry.</summary>
public sealed class RunContext
{
    private readonly Dictionary<string, string> _secrets;
    private readonly string _secretsFile;

    internal RunContext(DistributedApplicationOptions options)
    {
        Options = options;
        DataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(DataDirectory);
        _secretsFile = Path.Combine(DataDirectory, "secrets.json");
        _secrets = File.Exists(_secretsFile)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(_secretsFile)) ?? []
            : [];
    }

    public DistributedApplicationOptions Options { get; }

    public string DataDirectory { get; }

    /// <summary>
    /// A generated password that persists in the data folder, as Aspire keeps generated parameters in
    /// user secrets: a server initialised with it in one run still accepts it in the next.
    /// </summary>
    public string GetOrCreateSecret(string name)
    {
        lock (_secrets)
        {
            if (!_secrets.TryGetValue(name, out var value))
            {
                value = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
                _secrets[name] = value;
                File.WriteAllText(_secretsFile, JsonSerializer.Serialize(_secrets));
                File.SetUnixFileMode(_secretsFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            return value;
        }
    }
}
