using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BizOSaaS.Platform.OpenApi;

/// <summary>
/// The build writes each service's OpenAPI document (Microsoft.Extensions.ApiDescription.Server) by starting the service
/// in its GetDocument.Insider tool with no server, no database and no Redis: nothing that runs in the background may
/// start then, as ASP.NET Core's documentation on build-time documents advises.
/// </summary>
public static class BuildTimeDocuments
{
    public static bool IsGenerating { get; } = Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    /// <summary>Call after every service is added: while the build generates the document, no hosted service runs.</summary>
    public static IHostApplicationBuilder WithoutBackgroundWorkWhenGeneratingDocuments(this IHostApplicationBuilder builder)
    {
        if (IsGenerating)
        {
            builder.Services.RemoveAll<IHostedService>();
        }
        return builder;
    }
}
