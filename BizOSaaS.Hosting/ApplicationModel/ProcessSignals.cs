using System.Runtime.InteropServices;

namespace BizOSaaS.Hosting.ApplicationModel;

/// <summary>POSIX signals sent to supervised processes (.NET's Process.Kill only sends SIGKILL).</summary>
public static partial class ProcessSignals
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    /// <summary>Sends <paramref name="signal"/>; false when the process no longer exists.</summary>
    public static bool Send(int pid, int signal) => kill(pid, signal) == 0;

    public static bool IsAlive(int pid) => kill(pid, 0) == 0;

    /// <summary>
    /// Stops a process that is not our child (one an earlier run left): <paramref name="signal"/>, then SIGKILL
    /// if it is still there after 10 s. <paramref name="isSameProcess"/> guards against a pid reused meanwhile.
    /// </summary>
    public static async Task StopOrphanAsync(int pid, int signal, Func<bool> isSameProcess)
    {
        Send(pid, signal);
        for (var i = 0; i < 100 && IsAlive(pid) && isSameProcess(); i++)
        {
            await Task.Delay(100);
        }
        if (IsAlive(pid) && isSameProcess())
        {
            Send(pid, SIGKILL);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc")]
    private static partial uint geteuid();

    public static bool IsRoot => geteuid() == 0;
}
