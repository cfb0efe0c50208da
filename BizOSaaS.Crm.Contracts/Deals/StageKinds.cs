namespace BizOSaaS.Crm.Contracts;

/// <summary>What a pipeline stage can be: the values <see cref="StageRequest.Kind"/> accepts.</summary>
public static class StageKinds
{
    public const string Open = "open";
    public const string Won = "won";
    public const string Lost = "lost";

    public static readonly IReadOnlyList<string> All = [Open, Won, Lost];
}
