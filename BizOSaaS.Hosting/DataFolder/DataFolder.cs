using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Aspire.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BizOSaaS.Hosting.DataFolder;

/// <summary>
/// The run's persistent folder: PostgreSQL's cluster, Redis's append-only file and the passwords generated for
/// them (<c>secrets.json</c>, mode 0600). <c>--DataDirectory=PATH</c> (or <c>BIZOSAAS_DataDirectory</c>) moves it;
/// by default it is <c>.data/</c> beside the AppHost's project folder.
/// </summary>
public sealed class PlatformDataFolder : IDisposable
{
    private static readonly ConditionalWeakTable<IDistributedApplicationBuilder, PlatformDataFolder> Folders = new();

    private readonly Lock _gate = new();
    private FileStream? _lock;
    private readonly string _secretsFile;
    private Dictionary<string, string>? _secrets;

    private PlatformDataFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _secretsFile = System.IO.Path.Combine(Path, "secrets.json");
    }

    public string Path { get; }

    /// <summary>The folder of this AppHost, created on first use and shared by everything it declares.</summary>
    public static PlatformDataFolder Of(IDistributedApplicationBuilder builder)
    {
        return Folders.GetValue(builder, _ =>
        {
            var configured = builder.Configuration["DataDirectory"] ?? builder.Configuration["BIZOSAAS_DataDirectory"];
            var folder = new PlatformDataFolder(configured ?? System.IO.Path.Combine(builder.AppHostDirectory, "..", ".data"));
            // Registered by factory, so the application disposes it (and its lock) when it is disposed.
            builder.Services.AddSingleton(_ => folder);
            return folder;
        });
    }

    /// <summary>
    /// Takes the folder for this AppHost until it is disposed: a second AppHost on the same folder would fight the
    /// first over its PostgreSQL cluster. False when another one holds it.
    /// </summary>
    public bool TryLock()
    {
        lock (_gate)
        {
            if (_lock is not null)
            {
                return true;
            }
            Directory.CreateDirectory(Path);
            try
            {
                _lock = new FileStream(System.IO.Path.Combine(Path, "apphost.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _lock?.Dispose();
            _lock = null;
        }
    }

    /// <summary>
    /// A password generated once and kept in the folder: a server initialised with it in one run still accepts it
    /// in the next, and a throwaway folder (tests) gets its own.
    /// </summary>
    public string GetOrCreateSecret(string name)
    {
        lock (_gate)
        {
            if (_secrets is null)
            {
                Directory.CreateDirectory(Path);
                _secrets = File.Exists(_secretsFile)
                    ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(_secretsFile)) ?? []
                    : [];
            }
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
