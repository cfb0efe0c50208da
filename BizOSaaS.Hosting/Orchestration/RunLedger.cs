using BizOSaaS.Hosting.ApplicationModel;

namespace BizOSaaS.Hosting.Orchestration;

/// <summary>
/// The processes this run started, written to the data folder, so the next run can find and stop what a
/// killed AppHost left behind (a stale postmaster, a service still holding its port). A process is only
/// touched when its pid and kernel start time both match, so a recycled pid is never signalled.
/// </summary>
internal sealed class RunLedger(string dataDirectory)
{
    private readonly string _path = Path.Combine(dataDirectory, "apphost.pids");
    private readonly Dictionary<int, (string Name, string StartTime)> _entries = [];

    public void Add(int pid, string name)
    {
        lock (_entries)
        {
            _entries[pid] = (name, StartTimeOf(pid) ?? "");
            Save();
        }
    }

    public void Remove(int pid)
    {
        lock (_entries)
        {
            _entries.Remove(pid);
            Save();
        }
    }

    /// <summary>Stops every process a previous run recorded that is still alive; returns a line per process.</summary>
    public async Task<IReadOnlyList<string>> StopLeftoversAsync()
    {
        if (!File.Exists(_path))
        {
            return [];
        }

        var stopped = new List<string>();
        foreach (var line in await File.ReadAllLinesAsync(_path))
        {
            var parts = line.Split(' ', 3);
            if (parts.Length != 3 || !int.TryParse(parts[0], out var pid) || StartTimeOf(pid) != parts[1])
            {
                continue;
            }

            // SIGINT is PostgreSQL's fast shutdown and a clean stop for everything else we run.
            await ProcessSignals.StopOrphanAsync(pid, ProcessSignals.SIGINT, () => StartTimeOf(pid) == parts[1]);
            stopped.Add($"{parts[2]} (pid {pid})");
        }
        File.Delete(_path);
        return stopped;
    }

    private void Save() =>
        File.WriteAllLines(_path, _entries.Select(e => $"{e.Key} {e.Value.StartTime} {e.Value.Name}"));

    /// <summary>Field 22 of /proc/{pid}/stat: when the process started, in clock ticks since boot.</summary>
    private static string? StartTimeOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces; fields after it start past the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[19];
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
