using System.Diagnostics;
using BizOSaaS.Hosting.ApplicationModel;

namespace BizOSaaS.Hosting.Orchestration;

/// <summary>Starts a supervised process in its own session, so a terminal's Ctrl+C reaches only the AppHost,
/// which then stops everything in reverse dependency order.</summary>
internal static class ProcessLauncher
{
    public static Process Start(ProcessCommand command, ResourceLog log)
    {
        var startInfo = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = command.WorkingDirectory ?? Environment.CurrentDirectory,
        };

        // setsid and setpriv exec in place, so the pid we supervise is the server's own.
        foreach (var arg in CommandLine(command.FileName, command.Arguments, command.RunAsUser))
        {
            startInfo.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in command.Environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Append("stdout", e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Append("stderr", e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs a short command to completion (initdb, chown) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToEndAsync(
        string fileName, IEnumerable<string> arguments, string? runAsUser, string? standardInput, CancellationToken cancellationToken)
    {
        var commandLine = CommandLine(fileName, arguments, runAsUser);
        var startInfo = new ProcessStartInfo(commandLine[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var arg in commandLine.Skip(1))
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = Process.Start(startInfo)!;
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    /// <summary>The program and its arguments, behind setpriv to <paramref name="runAsUser"/> when we are root.</summary>
    private static List<string> CommandLine(string fileName, IEnumerable<string> arguments, string? runAsUser) =>
        runAsUser is not null && ProcessSignals.IsRoot
            ? ["setpriv", $"--reuid={runAsUser}", $"--regid={runAsUser}", "--init-groups", "--", fileName, .. arguments]
            : [fileName, .. arguments];
}
