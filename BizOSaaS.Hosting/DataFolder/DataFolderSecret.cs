using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Publishing;

namespace BizOSaaS.Hosting.DataFolder;

/// <summary>
/// A secret parameter's default: in a local run, generated once per data folder (where the PostgreSQL cluster that
/// was initialised with it lives, rather than in user secrets that outlive or predate the folder); in a manifest, a
/// value azd generates at deployment.
/// </summary>
internal sealed class DataFolderSecret(PlatformDataFolder folder, string name) : ParameterDefault
{
    public override string GetDefaultValue() => folder.GetOrCreateSecret(name);

    public override void WriteToManifest(ManifestPublishingContext context) =>
        new GenerateParameterDefault { MinLength = 32, Special = false }.WriteToManifest(context);
}

public static class DataFolderSecretExtensions
{
    /// <summary>A secret parameter (<c>Parameters:{name}</c> sets it) that defaults to a password kept in the data folder.</summary>
    public static IResourceBuilder<ParameterResource> AddDataFolderSecret(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new DataFolderSecret(PlatformDataFolder.Of(builder), name), secret: true);
}
