namespace BizOSaaS.Crm.Contracts;

/// <param name="Key">Lower-case letters, digits and underscores, e.g. <c>trade_show</c>.</param>
public sealed record LeadSourceRequest(
    [Text(60, Required = true), Matches("^[a-zA-Z0-9_]+$", ErrorMessage = "{0} must be lower-case letters, digits and underscores, e.g. trade_show.")] string? Key,
    [Text(100, Required = true)] string? Label);

public sealed record LeadSourceResponse(Guid Id, string Key, string Label, long Leads);
