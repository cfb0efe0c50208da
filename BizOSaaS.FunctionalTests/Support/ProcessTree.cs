namespace BizOSaaS.FunctionalTests.Support;

/// <summary>The processes of an AppHost's run, read from /proc: the AppHost, DCP (which watches it) and all below them.</summary>
public static class ProcessTree
{
    public static IReadOnlyList<int> Of(int appHost)
    {
        var parents = AllProcesses().ToDictionary(pid => pid, ParentOf);
        var roots = parents.Keys.Where(pid => CommandLine(pid) is { } line && line.Contains("dcp start-apiserver") && line.Contains($"--monitor {appHost} ")).Append(appHost);
        var found = new HashSet<int>();
        var pending = new Queue<int>(roots);
        while (pending.TryDequeue(out var pid))
        {
            if (found.Add(pid))
            {
                foreach (var child in parents.Where(p => p.Value == pid).Select(p => p.Key))
                {
                    pending.Enqueue(child);
                }
            }
        }
        return [.. found];
    }

    public static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !IsZombie(pid);

    /// <summary>kill(1): a negative pid signals the process group.</summary>
    public static void Signal(int pid, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-s", signal, "--", pid.ToString()])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>SIGKILL to one process, if it is still there.</summary>
    public static void Kill(int pid)
    {
        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone meanwhile.
        }
    }

    private static IEnumerable<int> AllProcesses() =>
        Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsDigit)).Select(n => int.Parse(n!));

    private static int ParentOf(int pid) => StatField(pid, 1) is { } parent ? int.Parse(parent) : 0;

    private static bool IsZombie(int pid) => StatField(pid, 0) == "Z";

    /// <summary>A field of /proc/{pid}/stat after the command name (0: state, 1: parent).</summary>
    private static string? StatField(int pid, int index)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[index];
        }
        catch (IOException)
        {
            return null;
        }
    }
}
