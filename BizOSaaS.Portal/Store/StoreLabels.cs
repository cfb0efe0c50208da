namespace BizOSaaS.Portal.Store;

public static class StoreLabels
{
    /// <summary>A store status as a person reads it: <c>partially_fulfilled</c> → "Partially fulfilled".</summary>
    public static string Of(string value) => value.Length == 0 ? value : char.ToUpperInvariant(value[0]) + value[1..].Replace('_', ' ');
}
