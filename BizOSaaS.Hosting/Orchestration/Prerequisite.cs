namespace BizOSaaS.Hosting.Orchestration;

/// <summary>Something the machine must have; when it is missing, one line says what to do.</summary>
internal sealed record Prerequisite(string What, Func<bool> IsPresent, string Remedy);

/// <summary>A problem the developer fixes (a missing program, a port in use): printed as one line, no stack trace.</summary>
public sealed class PrerequisiteMissingException(string message) : Exception(message);
