using System.Diagnostics;

namespace BizOSaaS.Hosting.Supervision;

/// <summary>
/// Time since the AppHost set up its supervision, which is at its start. Not the process's start time: ./start.sh
/// builds and then execs the AppHost in the same process, so that would count the build too.
/// </summary>
internal sealed class RunClock
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);
}
