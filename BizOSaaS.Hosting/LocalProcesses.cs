using System.Diagnostics;

namespace BizOSaaS.Hosting;

/// <summary>Programs the integration starts on this machine: as another user when the AppHost is root, or run to their end.</summary>
internal static class LocalProcesses
{
    public static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>
    /// The command that runs <paramref name="program"/>: itself, or behind <c>setpriv</c> as <paramref name="runAsUser"/>
    /// when the AppHost is root. setpriv execs in place, so the pid the dashboard shows is the program's own.
    /// </summary>
    public static string CommandFor(string program, string? runAsUser) => runAsUser is not null && IsRoot ? "setpriv" : program;

    /// <summary>The arguments that go before <paramref name="program"/>'s own when <see cref="CommandFor"/> chose setpriv.</summary>
    public static IReadOnlyList<string> PrefixFor(string program, string? runAsUser) =>
        runAsUser is not null && IsRoot ? [$"--reuid={runAsUser}", $"--regid={runAsUser}", "--init-groups", "--", program] : [];

    /// <summary>Runs a short command (initdb, chown) to its end; fails with its output when it fails.</summary>
    public static async Task RunCheckedAsync(string program, IEnumerable<string> arguments, string? runAsUser, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(CommandFor(program, runAsUser))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in PrefixFor(program, runAsUser).Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{program} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed with exit code {process.ExitCode}: {(await stdout + await stderr).Trim()}");
        }
    }
}
